from django.db import migrations


def create_roles(apps, schema_editor):
    from programmes.roles import ensure_roles

    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    from programmes.roles import ADMINISTRATORS, EDITORS

    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    """The staff groups "Catalogue editors" and "Catalogue administrators" (programmes/roles.py)."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0001_initial"),
        ("programmes", "0002_editorscope"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
