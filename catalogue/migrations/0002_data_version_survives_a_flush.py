"""The data version row comes back with the next write if something deleted it.

`manage.py flush` (and the test suite's transactional tests, which flush after each test)
empties catalogue_dataversion with everything else. Migration 0001's trigger only UPDATEd
row 1, so from then on the version stood still and cached pages (catalogue/pagecache.py)
were served after writes. The trigger now inserts the row when it is missing.
"""

from django.db import migrations

UPSERT = """
CREATE OR REPLACE FUNCTION catalogue_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_dataversion (id, version)
  VALUES (1, nextval('catalogue_data_version_seq'))
  ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END
$$;
"""

UPDATE_ONLY = """
CREATE OR REPLACE FUNCTION catalogue_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_dataversion SET version = nextval('catalogue_data_version_seq') WHERE id = 1;
  RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_data_version")]

    operations = [migrations.RunSQL(UPSERT, reverse_sql=UPDATE_ONLY)]
