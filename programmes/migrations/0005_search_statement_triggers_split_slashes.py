"""Search upkeep: statement-level triggers on link tables, and words joined by slashes split.

Migration 0002 refreshed a programme's search document once per linked row; adding many
links in one statement (m2m add, loaddata, bulk_create) then recomputed the same documents
again and again. With transition tables each statement refreshes each programme once.

PostgreSQL's parser reads "Salutogent/Hälsofrämjande" as one file-path token, so neither
word was searchable on its own; slashes now become spaces before parsing.
"""

from django.db import migrations

DOCUMENT = r"""
CREATE OR REPLACE FUNCTION programmes_search_document(
  programme_id bigint, title text, summary text, description text, language text
) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector(programmes_search_config(language), {title}), 'A')
    || setweight(to_tsvector('simple', programmes_fold({title})), 'A')
    || setweight(to_tsvector(programmes_search_config(language), {summary}), 'B')
    || setweight(to_tsvector('simple', programmes_fold({summary})), 'B')
    || setweight(to_tsvector(programmes_search_config(language), {description}), 'C')
    || setweight(to_tsvector('simple', programmes_fold({description})), 'C')
    || setweight(to_tsvector('simple', programmes_fold(concat_ws(' ',
         (SELECT string_agg(m.name || ' ' || r.name, ' ')
            FROM programmes_programme_municipalities pm
            JOIN municipalities_municipality m ON m.id = pm.municipality_id
            JOIN municipalities_region r ON r.id = m.region_id
           WHERE pm.programme_id = $1),
         (SELECT string_agg(o.name, ' ')
            FROM programmes_participation pa
            JOIN programmes_organisation o ON o.id = pa.organisation_id
           WHERE pa.programme_id = $1)
       ))), 'D')
$$;
UPDATE programmes_programme
   SET search_vector = programmes_search_document(id, title, summary, description, language);
"""
# A slash between two words (not the one in "</b>", nor in "a / b") becomes a space.
SPLIT = "regexp_replace(coalesce({0}, ''), '(?<=[^[:space:]<])/(?=[^[:space:]>])', ' ', 'g')"
NEW_DOCUMENT = DOCUMENT.format(
    title=SPLIT.format("title"), summary=SPLIT.format("summary"),
    description=SPLIT.format("description"),
)
OLD_DOCUMENT = DOCUMENT.format(
    title="coalesce(title, '')", summary="coalesce(summary, '')",
    description="coalesce(description, '')",
)

FORWARD = r"""
DROP TRIGGER IF EXISTS programmes_municipality_link_search ON programmes_programme_municipalities;
DROP TRIGGER IF EXISTS programmes_participation_search ON programmes_participation;

CREATE OR REPLACE FUNCTION programmes_link_statement_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM programmes_refresh_search(ARRAY(SELECT DISTINCT programme_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM programmes_refresh_search(ARRAY(SELECT DISTINCT programme_id FROM old_rows));
  ELSE
    PERFORM programmes_refresh_search(ARRAY(
      SELECT programme_id FROM old_rows UNION SELECT programme_id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER programmes_municipality_link_insert_search
  AFTER INSERT ON programmes_programme_municipalities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_municipality_link_update_search
  AFTER UPDATE ON programmes_programme_municipalities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_municipality_link_delete_search
  AFTER DELETE ON programmes_programme_municipalities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_participation_insert_search
  AFTER INSERT ON programmes_participation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_participation_update_search
  AFTER UPDATE ON programmes_participation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_participation_delete_search
  AFTER DELETE ON programmes_participation REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION programmes_link_statement_search_trigger();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS programmes_participation_delete_search ON programmes_participation;
DROP TRIGGER IF EXISTS programmes_participation_update_search ON programmes_participation;
DROP TRIGGER IF EXISTS programmes_participation_insert_search ON programmes_participation;
DROP TRIGGER IF EXISTS programmes_municipality_link_delete_search ON programmes_programme_municipalities;
DROP TRIGGER IF EXISTS programmes_municipality_link_update_search ON programmes_programme_municipalities;
DROP TRIGGER IF EXISTS programmes_municipality_link_insert_search ON programmes_programme_municipalities;
DROP FUNCTION IF EXISTS programmes_link_statement_search_trigger();
CREATE TRIGGER programmes_municipality_link_search
  AFTER INSERT OR UPDATE OR DELETE ON programmes_programme_municipalities
  FOR EACH ROW EXECUTE FUNCTION programmes_link_search_trigger();
CREATE TRIGGER programmes_participation_search
  AFTER INSERT OR UPDATE OR DELETE ON programmes_participation
  FOR EACH ROW EXECUTE FUNCTION programmes_link_search_trigger();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_merge_editor_scopes_and_search"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, REVERSE),
        migrations.RunSQL(NEW_DOCUMENT, OLD_DOCUMENT),
    ]
