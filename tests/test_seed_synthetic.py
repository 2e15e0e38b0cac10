"""seed_synthetic: the benchmark data's shape, its speed tricks undone, its safety guard."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q

from municipalities.models import Municipality
from programmes.models import Contact, Participation, Programme, Status
from tests.factories import make_programme, make_source

pytestmark = pytest.mark.django_db


def seed(*args, **options):
    stdout, stderr = StringIO(), StringIO()
    call_command("seed_synthetic", *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def database_constraints():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'programmes_%' ORDER BY 1, 2"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indrelid::regclass::text LIKE 'programmes_%' ORDER BY 1"
        )
        return constraints, cursor.fetchall()


def test_refuses_a_database_whose_name_does_not_end_in_bench(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "catalogue")
    with pytest.raises(CommandError, match="must end in '_bench'"):
        seed("--programmes", "10")
    monkeypatch.undo()
    assert not Programme.objects.exists()


def test_refuses_a_bench_database_that_holds_the_real_catalogue(monkeypatch):
    make_source(file_name="001_5cd2c52c866e3c98.txt")
    monkeypatch.setitem(connection.settings_dict, "NAME", "catalogue_bench")
    with pytest.raises(CommandError, match="holds the real catalogue .*001_5cd2c52c866e3c98"):
        seed("--programmes", "10", "--reset")
    monkeypatch.undo()
    assert not Programme.objects.exists()


def test_refuses_to_mix_with_existing_rows_unless_reset():
    make_programme(title="Befintligt program")
    with pytest.raises(CommandError, match="--reset"):
        seed("--programmes", "10")
    seed("--programmes", "10", "--reset")
    assert Programme.objects.count() == 10
    assert not Programme.objects.filter(title="Befintligt program").exists()


@pytest.mark.parametrize("count", ["0", "-5", "3000000"])
def test_rejects_an_impossible_number_of_programmes(count):
    with pytest.raises(CommandError, match="--programmes must be from 1"):
        seed("--programmes", count)


def test_dry_run_saves_nothing():
    stdout, _ = seed("--programmes", "50", "--dry-run")
    assert "Dry run, nothing saved" in stdout
    assert not Programme.objects.exists()


def test_seeds_a_catalogue_shaped_like_the_real_one():
    before = database_constraints()
    stdout, stderr = seed("--programmes", "400")
    assert "Seeded" in stdout and "400 programmes" in stdout
    assert "100% 400/400" in stderr  # the progress bar reached its end

    # The command loaded the reference data it needs.
    assert Municipality.objects.count() == 388
    assert Programme.objects.count() == 400

    programmes = Programme.objects.annotate(
        themes_n=Count("themes", distinct=True),
        groups_n=Count("target_groups", distinct=True),
        partners_n=Count("participations", distinct=True),
        leads_n=Count("participations", filter=Q(participations__role="lead"), distinct=True),
        contacts_n=Count("contacts", distinct=True),
        citations_n=Count("citations", distinct=True),
        places_n=Count("municipalities", distinct=True),
    )
    for p in programmes:
        assert 1 <= p.themes_n <= 4, p
        assert 1 <= p.groups_n <= 3, p
        assert 1 <= p.partners_n <= 5, p
        assert p.leads_n == 1, p
        assert 0 <= p.contacts_n <= 3, p
        assert p.citations_n == 1, p
        assert p.places_n >= 1, p
        assert len(p.summary) >= 40 and len(p.description) >= 150, p
    # Every number of themes occurs, not just one.
    assert set(Counter(p.themes_n for p in programmes)) == {1, 2, 3, 4}

    # Some drafts, but few (about 5%).
    drafts = Programme.objects.filter(is_published=False).count()
    assert 1 <= drafts <= 50
    assert set(Programme.objects.values_list("status", flat=True)) >= {
        Status.ONGOING,
        Status.COMPLETED,
        Status.UNKNOWN,
    }
    # Sub-projects point at an earlier programme, never at themselves.
    subprojects = Programme.objects.filter(parent__isnull=False)
    assert subprojects.exists()
    assert all(p.parent_id < p.pk for p in subprojects)

    # Text in the language of the municipality's country.
    for p in Programme.objects.prefetch_related("municipalities__country")[:100]:
        country = p.municipalities.all()[0].country.code
        assert p.language == ("da" if country == "DK" else "sv"), p

    # Unevenly spread: the biggest city has several times the average municipality's share.
    per_place = Counter(
        Programme.municipalities.through.objects.values_list("municipality__slug", flat=True)
    )
    assert per_place["stockholm"] > 3 * sum(per_place.values()) / 388

    # Contacts can be reached: each has an e-mail address.
    assert not Contact.objects.filter(email="").exists()

    # The search documents, filled set-based with the triggers off, hold exactly the lexemes
    # and weights the search trigger computes (positions may differ: names come unordered).
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM programmes_programme p
             WHERE p.search_vector IS NULL
                OR (SELECT array_agg(l.lexeme || l.weights::text ORDER BY l.lexeme)
                      FROM unnest(p.search_vector) l)
                   IS DISTINCT FROM
                   (SELECT array_agg(l.lexeme || l.weights::text ORDER BY l.lexeme)
                      FROM unnest(programmes_search_document(
                             p.id, p.title, p.summary, p.description, p.language)) l)
            """
        )
        assert cursor.fetchone()[0] == 0

    # Keys and indexes dropped for the load are all back, and the sequences continue.
    assert database_constraints() == before
    newest = make_programme(title="Nytt program efter seedningen")
    assert newest.pk > max(p.pk for p in programmes)
    Participation.objects.create(
        programme=newest, organisation=Participation.objects.first().organisation, role="lead"
    )
