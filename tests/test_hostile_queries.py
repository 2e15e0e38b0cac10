"""Whatever arrives in the query string, list and detail pages answer normally, never 500."""

from urllib.parse import quote

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes import facet_index as facet_index_module
from programmes.models import Participation
from tests.factories import (
    make_municipality,
    make_organisation,
    make_programme,
    make_region,
    make_theme,
)

pytestmark = pytest.mark.django_db

PARAMS = [
    "q",
    "country",
    "region",
    "municipality",
    "theme",
    "target_group",
    "partner",
    "status",
    "year",
    "sort",
    "page",
]
HOSTILE = [
    "",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE programmes_programme; --",
    "1 OR 1=1",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "NaN",
    "%00",
    "../../etc/passwd",
    "hälsa:* & !(barn | <->",
    "x" * 10_000,
    "\ud7ff\ue000\uffff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]
PAGES = [
    "/",
    "/programmes/",
    "/partners/",
    "/themes/t/",
    "/partners/org/",
    "/programmes/p/",
    "/municipalities/m/",
    "/regions/r/",
]


@pytest.fixture(autouse=True, params=["sql", "production"])
def counting(request):
    """Each test twice: with the SQL facet counts the other tests pin, and as in production
    (facet index and page cache on), where counts and pages take other paths."""
    if request.param == "sql":
        yield
        return
    facet_index_module._current = None
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(
        CATALOGUE_FACET_INDEX=True,
        CATALOGUE_DATA_CACHE_SECONDS=600,
        CATALOGUE_PAGE_CACHE_SECONDS=600,
        CACHES=caches_setting,
    ):
        yield


@pytest.fixture
def data():
    org = make_organisation(slug="org")
    theme = make_theme(slug="t")
    make_programme(
        slug="p",
        title="Hälsa för barn",
        themes=[theme],
        municipalities=[make_municipality(slug="m", region=make_region(slug="r"))],
        partners=[(org, Participation.Role.LEAD)],
    )


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_parameter_give_a_normal_page(client, data, value):
    # Every field is cleaned on its own, so one request tries the value in each of them.
    query = "&".join(f"{name}={quote(value)}" for name in PARAMS)
    response = client.get(f"/programmes/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


def test_repeated_parameters_and_everything_at_once(client, data):
    query = "&".join(f"{name}={quote(value)}" for name in PARAMS for value in HOSTILE[:8])
    for page in PAGES:
        assert client.get(f"{page}?{query}").status_code == 200


def test_markup_in_the_search_is_escaped_where_it_is_shown_again(client, data):
    html = client.get("/programmes/", {"q": '"><b>x</b>'}).content.decode()
    assert 'value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;"' in html
    assert "<b>x</b>" not in html


def test_a_very_long_search_is_refused_with_a_message(client, data):
    html = client.get("/en/programmes/", {"q": "hälsa " * 2000}).content.decode()
    assert 'role="alert"' in html
    assert "at most 200 characters" in html


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.lists(
        st.tuples(st.sampled_from(PARAMS + ["other"]), st.text(max_size=300)), max_size=6
    ),
    page=st.sampled_from(PAGES),
)
def test_random_query_strings_never_cause_a_server_error(client, data, params, page):
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params)
    response = client.get(f"{page}?{query}")
    assert response.status_code == 200


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(slug=st.text(min_size=1, max_size=80))
def test_random_detail_slugs_give_404_not_500(client, data, slug):
    for prefix in ["/programmes/", "/partners/", "/themes/"]:
        response = client.get(prefix + quote(slug, safe="") + "/")
        assert response.status_code in (200, 404)
