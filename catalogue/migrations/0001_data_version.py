"""The data version row and the statement-level triggers that raise it on every write."""

from django.db import migrations, models

# Every table whose rows a public page shows or counts.
CONTENT_TABLES = [
    "municipalities_country",
    "municipalities_region",
    "municipalities_municipality",
    "programmes_theme",
    "programmes_targetgroup",
    "programmes_source",
    "programmes_organisation",
    "programmes_contact",
    "programmes_programme",
    "programmes_programme_municipalities",
    "programmes_programme_themes",
    "programmes_programme_target_groups",
    "programmes_programme_contacts",
    "programmes_participation",
    "programmes_citation",
]

# From a sequence, not version + 1: a sequence never goes back, so a write that is rolled back
# cannot leave a version number that a later, different write reuses (stale cache entries).
FUNCTION = """
CREATE SEQUENCE catalogue_data_version_seq;
CREATE OR REPLACE FUNCTION catalogue_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_dataversion SET version = nextval('catalogue_data_version_seq') WHERE id = 1;
  RETURN NULL;
END
$$;
"""

TRIGGERS = "\n".join(
    f"CREATE TRIGGER catalogue_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION catalogue_bump_data_version();"
    for table in CONTENT_TABLES
)
DROP_TRIGGERS = "\n".join(
    f"DROP TRIGGER IF EXISTS catalogue_data_version ON {table};" for table in CONTENT_TABLES
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("municipalities", "0001_initial"),
        ("programmes", "0004_merge_editor_scopes_and_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=1, verbose_name="version")),
            ],
            options={"verbose_name": "data version", "verbose_name_plural": "data versions"},
        ),
        migrations.RunSQL(
            "INSERT INTO catalogue_dataversion (id, version) VALUES (1, 1);",
            reverse_sql="DELETE FROM catalogue_dataversion;",
        ),
        migrations.RunSQL(
            FUNCTION + TRIGGERS,
            reverse_sql=DROP_TRIGGERS
            + "DROP FUNCTION IF EXISTS catalogue_bump_data_version();"
            + "DROP SEQUENCE IF EXISTS catalogue_data_version_seq;",
        ),
    ]
