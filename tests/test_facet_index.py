"""The in-memory facet index (programmes/facet_index.py) counts exactly what SQL counts."""

import random

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.test import override_settings
from django.utils import translation

from municipalities.models import Municipality, Region
from programmes import facet_index as facet_index_module
from programmes.facet_index import FacetIndex, facet_index
from programmes.filters import ProgrammeFilterSet
from programmes.models import Organisation, Programme, Status, TargetGroup, Theme
from tests.factories import make_municipality, make_programme, make_theme

pytestmark = pytest.mark.django_db


def filtersets(rng, count):
    """Random combinations of every filter, as visitors build them (and some wrong values)."""
    regions = list(Region.objects.values_list("slug", flat=True))
    municipalities = list(Municipality.objects.values_list("slug", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    partners = list(Organisation.objects.values_list("slug", flat=True))
    words = ["hälsa", "halsa", "barn", "unga", "fysisk", "skola", "sundhed", "trivsel", "zzz"]
    yield ""
    for _ in range(count):
        params = QueryDict(mutable=True)
        draws = {
            "q": lambda: rng.choice(words),
            "country": lambda: rng.choice(["se", "dk", "no"]),
            "region": lambda: rng.choice(regions),
            "municipality": lambda: rng.choice(municipalities),
            "target_group": lambda: rng.choice(groups),
            "partner": lambda: rng.choice(partners),
            "status": lambda: rng.choice(Status.values + ["bogus"]),
            "year": lambda: str(rng.randint(2005, 2027)),
        }
        for name, draw in draws.items():
            if rng.random() < 0.3:
                params[name] = draw()
        if rng.random() < 0.4:
            params.setlist("theme", rng.sample(themes, rng.choice((1, 2))))
        yield params.urlencode()


def sql_and_index(index, query):
    filterset = ProgrammeFilterSet(QueryDict(query), queryset=Programme.objects.published())
    counts = index.counts(filterset)
    return (
        filterset.facets(),
        filterset.facets(counts),
        filterset.qs.count(),
        counts["total"],
    )


def test_the_index_counts_what_sql_counts_for_any_filters(settings):
    call_command("seed_synthetic", "--programmes", "1200", "--reset", stdout=None, stderr=None)
    assert Programme.objects.filter(is_published=False).exists()  # drafts must not count
    index = FacetIndex(version=0)
    rng = random.Random(6)
    for language in ("sv", "en"):
        with translation.override(language):
            for query in filtersets(rng, 40):
                by_sql, by_index, total_by_sql, total_by_index = sql_and_index(index, query)
                assert by_index == by_sql, query
                assert total_by_index == total_by_sql, query


def test_the_index_follows_every_change_and_never_counts_a_draft(client):
    lund = make_municipality(name="Lund", slug="lund")
    theme = make_theme(slug="psykisk-halsa", name_sv="Psykisk hälsa")
    programme = make_programme(title="Unga i Lund", municipalities=[lund], themes=[theme])
    make_programme(title="Utkast", municipalities=[lund], themes=[theme], is_published=False)
    facet_index_module._current = None
    with override_settings(CATALOGUE_FACET_INDEX=True):
        response = client.get("/programmes/?theme=psykisk-halsa")
        assert response.context["facets"]["municipality"][0]["count"] == 1
        assert response.context["paginator"].count == 1
        first = facet_index()

        # A bulk "unpublish": a queryset UPDATE, no signal; the data version still moves.
        Programme.objects.filter(pk=programme.pk).update(is_published=False)
        response = client.get("/programmes/?theme=psykisk-halsa")
        assert facet_index() is not first
        assert response.context["facets"]["municipality"] == []
        assert response.context["paginator"].count == 0
        assert "Unga i Lund" not in response.content.decode()


def test_a_visitors_list_page_runs_few_queries_with_the_index(client, django_assert_num_queries):
    lund = make_municipality(name="Lund", slug="lund")
    theme = make_theme(slug="psykisk-halsa", name_sv="Psykisk hälsa")
    for number in range(25):
        make_programme(title=f"Program {number}", municipalities=[lund], themes=[theme])
    facet_index_module._current = None
    with override_settings(CATALOGUE_FACET_INDEX=True):
        client.get("/programmes/")  # builds the index
        # Version; theme lookup (the filter's value); the page of programmes; its
        # municipalities and themes. No COUNT and no facet query: the index has them.
        with django_assert_num_queries(5):
            response = client.get("/programmes/?theme=psykisk-halsa&page=2")
    assert response.context["paginator"].count == 25
    assert len(response.context["object_list"]) == 5


def test_the_home_page_counts_the_same_from_the_index(client):
    call_command("seed_synthetic", "--programmes", "300", "--reset", stdout=None, stderr=None)
    facet_index_module._current = None

    def counted():
        context = client.get("/en/").context
        return (
            context["numbers"],
            [(theme.slug, theme.programme_count) for theme in context["themes"]],
            [(area["key"], area["count"]) for area in context["areas"]],
        )

    by_sql = counted()
    with override_settings(CATALOGUE_FACET_INDEX=True):
        by_index = counted()
    assert by_index == by_sql
    assert by_sql[0]["programmes"] == Programme.objects.published().count()


def test_region_pages_count_the_same_from_the_index(client):
    call_command("seed_synthetic", "--programmes", "300", "--reset", stdout=None, stderr=None)
    facet_index_module._current = None

    def counted(region):
        context = client.get(region.get_absolute_url()).context
        return context["programme_total"], [(a["key"], a["count"]) for a in context["areas"]]

    for region in Region.objects.all():
        by_sql = counted(region)
        with override_settings(CATALOGUE_FACET_INDEX=True):
            assert counted(region) == by_sql, region.slug


def test_home_and_region_pages_run_few_queries_with_the_index(client, django_assert_num_queries):
    lund = make_municipality(name="Lund", slug="lund")
    theme = make_theme(slug="psykisk-halsa", name_sv="Psykisk hälsa")
    for number in range(3):
        make_programme(title=f"Program {number}", municipalities=[lund], themes=[theme])
    facet_index_module._current = None
    with override_settings(CATALOGUE_FACET_INDEX=True):
        client.get("/")  # builds the index
        # Version; themes; regions with their countries; the last update; recent programmes.
        with django_assert_num_queries(5):
            assert client.get("/").status_code == 200
        # The region (with country); version; its municipalities; its newest programmes.
        with django_assert_num_queries(4):
            assert client.get(lund.region.get_absolute_url()).status_code == 200
