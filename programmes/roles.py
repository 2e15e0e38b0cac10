"""The staff groups and what each may do in the admin.

Used by the ``0003_catalogue_roles`` migration and by tests (a flushed test database loses
the rows the migration made). ``ensure_roles`` takes an app registry so it works with the
migration's historical models as well as the live ones; running it again changes nothing
but brings each group's permissions back to exactly the list below.
"""

EDITORS = "Catalogue editors"
ADMINISTRATORS = "Catalogue administrators"

CATALOGUE_APPS = ["municipalities", "programmes"]

# Editors keep programme content current; they never delete programmes (they unpublish or
# mark them completed), never touch reference data beyond viewing it, and never manage users.
# Rows of a programme (partners, quotes) can be removed from its form, hence their delete.
EDITOR_PERMISSIONS = {
    "programmes": {
        "programme": ["add", "change", "view"],
        "participation": ["add", "change", "delete", "view"],
        "citation": ["add", "change", "delete", "view"],
        "organisation": ["add", "change", "view"],
        "contact": ["add", "change", "view"],
        "source": ["add", "change", "view"],
        "theme": ["view"],
        "targetgroup": ["view"],
    },
    # Autocomplete widgets need view permission on the model they search.
    "municipalities": {
        "country": ["view"],
        "region": ["view"],
        "municipality": ["view"],
    },
}

ADMINISTRATOR_EXTRA = {"auth": {"user": ["add", "change", "delete", "view"], "group": ["view"]}}


def _create_missing_permissions(apps):
    """Permissions are made after migrations; a fresh database needs them now."""
    from django.contrib.auth.management import create_permissions

    for label in ["auth", *CATALOGUE_APPS]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)


def ensure_roles(apps):
    """Create or update the two staff groups with their permissions."""
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(spec):
        wanted = {
            (app, f"{action}_{model}")
            for app, models in spec.items()
            for model, actions in models.items()
            for action in actions
        }
        found = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in={app for app, _ in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise LookupError(f"permissions missing: {sorted(missing)}")
        return found

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(permissions(EDITOR_PERMISSIONS))

    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    everything = list(
        Permission.objects.filter(content_type__app_label__in=CATALOGUE_APPS)
    ) + permissions(ADMINISTRATOR_EXTRA)
    administrators.permissions.set(everything)
