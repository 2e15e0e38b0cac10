"""Full-text search: a folded, stemmed search document per programme, kept by triggers.

See programmes/search.py for the design. Everything here is built-in PostgreSQL (plpgsql and
the swedish/danish/english/simple text-search configurations); no extensions.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

FUNCTIONS = r"""
-- Lower-case and strip Nordic and common Latin diacritics. lower() leaves non-ASCII letters
-- alone under the C locale, so the upper-case letters are folded explicitly too.
CREATE OR REPLACE FUNCTION programmes_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT translate(lower(value),
    'åäàáâãæöøòóôõéèêëüúùûíìîïñçýÅÄÀÁÂÃÆÖØÒÓÔÕÉÈÊËÜÚÙÛÍÌÎÏÑÇÝ',
    'aaaaaaaooooooeeeeuuuuiiiincyaaaaaaaooooooeeeeuuuuiiiincy')
$$;

-- The stemming configuration for a programme's language.
CREATE OR REPLACE FUNCTION programmes_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language
    WHEN 'da' THEN 'danish'::regconfig
    WHEN 'en' THEN 'english'::regconfig
    ELSE 'swedish'::regconfig
  END
$$;

-- The whole search document of one programme.
CREATE OR REPLACE FUNCTION programmes_search_document(
  programme_id bigint, title text, summary text, description text, language text
) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector(programmes_search_config(language), coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', programmes_fold(coalesce(title, ''))), 'A')
    || setweight(to_tsvector(programmes_search_config(language), coalesce(summary, '')), 'B')
    || setweight(to_tsvector('simple', programmes_fold(coalesce(summary, ''))), 'B')
    || setweight(to_tsvector(programmes_search_config(language), coalesce(description, '')), 'C')
    || setweight(to_tsvector('simple', programmes_fold(coalesce(description, ''))), 'C')
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

CREATE OR REPLACE FUNCTION programmes_refresh_search(programme_ids bigint[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  UPDATE programmes_programme p
     SET search_vector = programmes_search_document(p.id, p.title, p.summary, p.description, p.language)
   WHERE p.id = ANY(programme_ids)
$$;

-- The programme's own text changed (or it is new).
CREATE OR REPLACE FUNCTION programmes_programme_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := programmes_search_document(
    NEW.id, NEW.title, NEW.summary, NEW.description, NEW.language);
  RETURN NEW;
END
$$;

-- A municipality or organisation was linked to or unlinked from programmes.
CREATE OR REPLACE FUNCTION programmes_link_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM programmes_refresh_search(ARRAY[OLD.programme_id]);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM programmes_refresh_search(ARRAY[NEW.programme_id]);
  END IF;
  RETURN NULL;
END
$$;

-- A municipality, region or organisation was renamed.
CREATE OR REPLACE FUNCTION programmes_rename_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'municipalities_municipality' THEN
    PERFORM programmes_refresh_search(ARRAY(
      SELECT programme_id FROM programmes_programme_municipalities WHERE municipality_id = NEW.id));
  ELSIF TG_TABLE_NAME = 'municipalities_region' THEN
    PERFORM programmes_refresh_search(ARRAY(
      SELECT pm.programme_id FROM programmes_programme_municipalities pm
        JOIN municipalities_municipality m ON m.id = pm.municipality_id
       WHERE m.region_id = NEW.id));
  ELSE
    PERFORM programmes_refresh_search(ARRAY(
      SELECT programme_id FROM programmes_participation WHERE organisation_id = NEW.id));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER programmes_programme_search
  BEFORE INSERT OR UPDATE OF title, summary, description, language ON programmes_programme
  FOR EACH ROW EXECUTE FUNCTION programmes_programme_search_trigger();
CREATE TRIGGER programmes_municipality_link_search
  AFTER INSERT OR UPDATE OR DELETE ON programmes_programme_municipalities
  FOR EACH ROW EXECUTE FUNCTION programmes_link_search_trigger();
CREATE TRIGGER programmes_participation_search
  AFTER INSERT OR UPDATE OR DELETE ON programmes_participation
  FOR EACH ROW EXECUTE FUNCTION programmes_link_search_trigger();
CREATE TRIGGER programmes_municipality_rename_search
  AFTER UPDATE OF name ON municipalities_municipality
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION programmes_rename_search_trigger();
CREATE TRIGGER programmes_region_rename_search
  AFTER UPDATE OF name ON municipalities_region
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION programmes_rename_search_trigger();
CREATE TRIGGER programmes_organisation_rename_search
  AFTER UPDATE OF name ON programmes_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION programmes_rename_search_trigger();

-- Programmes that exist already.
UPDATE programmes_programme
   SET search_vector = programmes_search_document(id, title, summary, description, language);
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS programmes_organisation_rename_search ON programmes_organisation;
DROP TRIGGER IF EXISTS programmes_region_rename_search ON municipalities_region;
DROP TRIGGER IF EXISTS programmes_municipality_rename_search ON municipalities_municipality;
DROP TRIGGER IF EXISTS programmes_participation_search ON programmes_participation;
DROP TRIGGER IF EXISTS programmes_municipality_link_search ON programmes_programme_municipalities;
DROP TRIGGER IF EXISTS programmes_programme_search ON programmes_programme;
DROP FUNCTION IF EXISTS programmes_rename_search_trigger();
DROP FUNCTION IF EXISTS programmes_link_search_trigger();
DROP FUNCTION IF EXISTS programmes_programme_search_trigger();
DROP FUNCTION IF EXISTS programmes_refresh_search(bigint[]);
DROP FUNCTION IF EXISTS programmes_search_document(bigint, text, text, text, text);
DROP FUNCTION IF EXISTS programmes_search_config(text);
DROP FUNCTION IF EXISTS programmes_fold(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Kept by database triggers from the title, summary, description and the names of the programme's municipalities, regions and organisations (see programmes/search.py).",
                null=True,
                verbose_name="search document",
            ),
        ),
        migrations.AddIndex(
            model_name="programme",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="prog_search_vector_gin"
            ),
        ),
        migrations.RunSQL(FUNCTIONS, REVERSE),
    ]
