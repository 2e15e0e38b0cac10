"""Whole pages cached for visitors (catalogue/pagecache.py): never stale, never a draft,
never another language's page, never an editor's page; revalidated by ETag."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation

from programmes.models import Programme
from tests.factories import make_municipality, make_programme, make_region, make_theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def page_cache(tmp_path):
    # The production backend: files, shared by every gunicorn worker.
    pages = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "pages"),
    }
    default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(
        CATALOGUE_PAGE_CACHE_SECONDS=600, CACHES={"default": default, "pages": pages}
    ):
        yield caches["pages"]


@pytest.fixture(autouse=True)
def swedish():
    # get_absolute_url() reverses in the active language, which an earlier test may have left.
    with translation.override("sv"):
        yield


@pytest.fixture
def programme():
    region = make_region(name="Skåne län", slug="skane-lan")
    place = make_municipality(region=region, name="Lund", slug="lund")
    theme = make_theme(slug="psykisk-halsa", name_sv="Psykisk hälsa", name_en="Mental health")
    return make_programme(title="Unga i Lund", municipalities=[place], themes=[theme])


def test_a_second_visit_is_served_whole_from_the_cache(
    client, programme, django_assert_num_queries
):
    url = programme.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(1):  # the data version, nothing else
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "sv"
    assert "Unga i Lund" in second.content.decode()


def test_an_editors_save_shows_at_once(client, programme):
    url = programme.get_absolute_url()
    list_url = "/programmes/"
    client.get(url), client.get(list_url)

    programme.title = "Unga vuxna i Lund"
    programme.save()

    assert "Unga vuxna i Lund" in client.get(url).content.decode()
    assert "Unga vuxna i Lund" in client.get(list_url).content.decode()


def test_an_unpublished_programme_leaves_every_cached_page(client, programme):
    url = programme.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "Unga i Lund" in client.get("/programmes/").content.decode()

    # The admin's bulk "unpublish" is a queryset UPDATE: no model signal, the triggers see it.
    Programme.objects.filter(pk=programme.pk).update(is_published=False)

    assert client.get(url).status_code == 404
    assert "Unga i Lund" not in client.get("/programmes/").content.decode()


def test_each_language_has_its_own_cached_page(client, programme):
    swedish = client.get("/programmes/").content.decode()
    english = client.get("/en/programmes/").content.decode()
    assert "Psykisk hälsa" in swedish and "Mental health" not in swedish
    assert "Mental health" in english
    # The Swedish page, now from the cache, is still Swedish.
    assert client.get("/programmes/").content.decode() == swedish


def test_the_partial_list_and_the_full_page_are_cached_apart(client, programme):
    full = client.get("/programmes/?theme=psykisk-halsa")
    partial = client.get("/programmes/?theme=psykisk-halsa", headers={"X-Requested-With": "fetch"})
    assert b"<html" in full.content
    assert b"<html" not in partial.content
    assert client.get("/programmes/?theme=psykisk-halsa").content == full.content


def test_an_editor_sees_drafts_and_visitors_never_get_the_editors_page(
    client, admin_client, programme
):
    draft = make_programme(
        title="Utkast i Lund", municipalities=list(programme.municipalities.all()),
        is_published=False,
    )
    staff_page = admin_client.get("/programmes/")
    assert "Utkast i Lund" in staff_page.content.decode()
    assert "private" in staff_page["Cache-Control"]
    # The same URL for a visitor, before and after the editor's visit.
    assert "Utkast i Lund" not in client.get("/programmes/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert admin_client.get(draft.get_absolute_url()).status_code == 200


def test_a_missing_page_is_not_cached(client, programme, page_cache):
    assert client.get("/programmes/finns-inte/").status_code == 404
    make_programme(title="Finns inte", slug="finns-inte")
    assert client.get("/programmes/finns-inte/").status_code == 200


def test_browsers_revalidate_and_get_304_while_nothing_changed(client, programme):
    url = programme.get_absolute_url()
    response = client.get(url)
    assert response["Cache-Control"] == "no-cache"
    assert "Cookie" in response["Vary"]
    etag = response["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    programme.title = "Unga vuxna i Lund"
    programme.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_admin_is_never_cached(client, admin_client, programme, page_cache):
    page_cache.clear()
    assert admin_client.get("/admin/programmes/programme/").status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert not list(Path(page_cache._dir).glob("*.djcache"))


def test_with_no_cache_seconds_nothing_is_stored(client, programme, page_cache):
    page_cache.clear()
    with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=0):
        assert client.get("/programmes/").status_code == 200
    assert not list(Path(page_cache._dir).glob("*.djcache"))
