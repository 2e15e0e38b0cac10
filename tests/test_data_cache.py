"""Cached counts and lists (catalogue/datacache.py): faster, and never stale, never a draft."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from catalogue.datacache import data_version
from programmes.models import Programme
from tests.factories import make_municipality, make_programme, make_region, make_theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_cache")]


@pytest.fixture
def data_cache():
    cache.clear()
    with override_settings(CATALOGUE_DATA_CACHE_SECONDS=600):
        yield
    cache.clear()


def current_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM catalogue_dataversion WHERE id = 1")
        return cursor.fetchone()[0]


@pytest.fixture
def catalogue():
    region = make_region(name="Skåne län", slug="skane-lan")
    place = make_municipality(region=region, name="Lund", slug="lund")
    theme = make_theme(slug="psykisk-halsa", name_sv="Psykisk hälsa", name_en="Mental health")
    programme = make_programme(title="Unga i Lund", municipalities=[place], themes=[theme])
    return programme, theme, place, region


def test_every_kind_of_write_raises_the_data_version(catalogue):
    programme, theme, place, _ = catalogue
    seen = [current_version()]

    def changed():
        seen.append(current_version())
        return seen[-1] != seen[-2]

    # A bulk action's UPDATE sends no signal; the triggers still see it.
    Programme.objects.filter(pk=programme.pk).update(is_published=False)
    assert changed()
    programme.themes.remove(theme)
    assert changed()
    theme.name_sv = "Psykisk hälsa hos unga"
    theme.save()
    assert changed()
    place.name = "Lunds kommun"
    place.save()
    assert changed()
    programme.delete()
    assert changed()


def test_an_unpublished_programme_leaves_the_cached_counts_at_once(client, catalogue):
    programme, *_ = catalogue
    response = client.get("/programmes/")
    assert response.context["facets"]["theme"][0]["count"] == 1
    assert client.get("/").context["numbers"]["programmes"] == 1

    # The admin's bulk "unpublish" is a queryset UPDATE: no model signal.
    Programme.objects.filter(pk=programme.pk).update(is_published=False)

    response = client.get("/programmes/")
    assert response.context["facets"]["theme"] == []
    assert "Unga i Lund" not in response.content.decode()
    assert client.get("/").context["numbers"]["programmes"] == 0


def test_an_edit_shows_at_once_on_the_region_and_municipality_pages(client, catalogue):
    programme, _, place, region = catalogue
    assert "Unga i Lund" in client.get(region.get_absolute_url()).content.decode()
    assert "Unga i Lund" in client.get(place.get_absolute_url()).content.decode()

    programme.title = "Unga vuxna i Lund"
    programme.save()

    assert "Unga vuxna i Lund" in client.get(region.get_absolute_url()).content.decode()
    assert "Unga vuxna i Lund" in client.get(place.get_absolute_url()).content.decode()


def test_each_language_gets_its_own_cached_labels(client, catalogue):
    swedish = client.get("/programmes/").context["facets"]["theme"]
    english = client.get("/en/programmes/").context["facets"]["theme"]
    assert [o["label"] for o in swedish] == ["Psykisk hälsa"]
    assert [o["label"] for o in english] == ["Mental health"]
    # And back: the Swedish page does not pick up the English entry.
    assert client.get("/programmes/").context["facets"]["theme"][0]["label"] == "Psykisk hälsa"


def test_staff_counts_with_drafts_are_never_served_to_visitors(client, admin_client, catalogue):
    _, theme, place, _ = catalogue
    make_programme(title="Utkast", municipalities=[place], themes=[theme], is_published=False)
    staff = admin_client.get("/programmes/").context["facets"]["theme"]
    assert staff[0]["count"] == 2
    visitor = client.get("/programmes/").context["facets"]["theme"]
    assert visitor[0]["count"] == 1


def test_a_cached_page_runs_fewer_queries(client, catalogue, django_assert_max_num_queries):
    client.get("/")  # fills the cache
    # The data version, then only what is not cached: the recently updated programmes.
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.context["numbers"]["programmes"] == 1


def test_the_version_is_read_once_per_request(client, catalogue, django_assert_num_queries):
    _, _, place, _ = catalogue
    client.get(place.get_absolute_url())
    with django_assert_num_queries(2):
        # The municipality (with region and country), the data version; both lists cached.
        client.get(place.get_absolute_url())
    assert data_version() == current_version()


def test_the_version_moves_again_after_the_row_was_deleted(catalogue):
    # What `manage.py flush` (and every transactional test) does to the version row.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_dataversion")
    programme, *_ = catalogue
    programme.title = "Unga vuxna i Lund"
    programme.save()
    first = current_version()
    programme.save()
    assert current_version() > first
