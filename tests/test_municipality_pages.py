import re
from urllib.parse import urlencode

import hypothesis
import pytest
from hypothesis import strategies as st

from municipalities.models import Region
from tests.factories import make_programme
from tests.site_data import make_catalogue, make_site

pytestmark = pytest.mark.django_db

HOSTILE = [
    "country=XX",
    "country=se",
    "region=no-such-region",
    "region=%00",
    "country=%00&region=%00",
    "region=skane-lan&region=stockholms-lan",
    "region=" + "x" * 10_000,
    "region=<script>alert(1)</script>",
    "region=' OR 1=1 --",
    "page=abc",
    "%ff%fe=1",
]


def region_sections(html):
    """{region heading: [(municipality, count text)]} as the list shows them."""
    sections = {}
    for block in html.split('<section class="region-group"')[1:]:
        name = re.search(r"<h2[^>]*><a [^>]*>([^<]+)</a>", block).group(1)
        sections[name] = re.findall(
            r'<li><a href="/municipalities/[^"]+/">([^<]+)</a>\s*'
            r"<(?:a class=\"count-link\"[^>]*|span class=\"count-none\")>([^<]+)<",
            block,
        )
    return sections


def get_list(client, django_assert_num_queries, query="", queries=1):
    with django_assert_num_queries(queries):
        response = client.get(f"/municipalities/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_list_groups_municipalities_by_region_with_published_programme_counts(
    client, django_assert_num_queries
):
    make_catalogue(make_site())

    # 1 municipalities with region, country and programme counts;
    # 2 the region filter's choices (rendering its <select>)
    html = get_list(client, django_assert_num_queries, queries=2)

    assert region_sections(html) == {
        "Region Hovedstaden": [("København", "1 program")],
        "Skåne län": [("Lund", "1 program"), ("Malmö", "2 program"), ("Ystad", "1 program")],
        "Stockholms län": [("Stockholm", "inga program än")],
    }


def test_list_counts_link_into_the_filtered_programme_list(client):
    make_catalogue(make_site())
    html = client.get("/en/municipalities/").content.decode()
    assert (
        '<a class="count-link" href="/en/programmes/?municipality=malmo">2 programmes</a>' in html
    )


def test_list_filters_by_country_and_region(client, django_assert_num_queries):
    make_catalogue(make_site())

    html = get_list(client, django_assert_num_queries, "?country=DK", queries=2)
    assert list(region_sections(html)) == ["Region Hovedstaden"]

    # 1 the region by slug (form validation), 2 municipalities, 3 the filter's choices
    html = get_list(client, django_assert_num_queries, "?region=skane-lan", queries=3)
    assert list(region_sections(html)) == ["Skåne län"]
    assert '<option value="skane-lan" selected>' in html

    html = get_list(client, django_assert_num_queries, "?country=DK&region=skane-lan", queries=3)
    assert region_sections(html) == {}
    assert "Inga kommuner matchar filtren." in html


def test_the_filtered_list_is_its_own_canonical_page(client):
    make_site()
    html = client.get("/municipalities/?utm_source=x&region=skane-lan&page=2").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/municipalities/?region=skane-lan">' in html
    )


@pytest.mark.parametrize("query", HOSTILE)
def test_bad_filters_give_the_whole_list_with_a_message_never_an_error(client, query):
    make_catalogue(make_site())
    response = client.get(f"/municipalities/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if query.startswith(("country=X", "country=se", "region=no", "region=x", "region=<")):
        assert "kunde inte tolkas" in html
        assert "Malmö" in html


def get_detail(client, django_assert_num_queries, slug, language="", queries=4):
    # 1 municipality with region and country, 2 its programmes,
    # 3 programmes elsewhere in the region, 4 their municipalities in the region (prefetch,
    # skipped when there are none)
    with django_assert_num_queries(queries):
        response = client.get(f"{language}/municipalities/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_detail_shows_its_region_its_programmes_and_its_neighbours(
    client, django_assert_num_queries
):
    site = make_site()
    make_catalogue(site)
    for _ in range(5):  # more neighbours' programmes must not add queries
        make_programme(municipalities=[site.ystad, site.lund])

    html = get_detail(client, django_assert_num_queries, "malmo")

    assert "<h1>Malmö</h1>" in html
    assert '<a href="/regions/skane-lan/">Skåne län</a>' in html
    own, neighbours = html.split('id="neighbours-heading"')
    own_titles = re.findall(r'<h3><a href="[^"]+" lang="sv">([^<]+)</a>', own)
    assert sorted(own_titles) == ["Friskare Skåne", "Malmö rör sig"]
    neighbour_titles = re.findall(r'<h3><a href="[^"]+" lang="sv">([^<]+)</a>', neighbours)
    # Friskare Skåne is Malmö's own, so it is not repeated among the neighbours'.
    assert "Friskare Skåne" not in neighbour_titles
    assert "Ystads familjecentral" in neighbour_titles
    assert len(neighbour_titles) == 6
    assert re.search(r'I <a href="/municipalities/ystad/">Ystad</a>\s*</p>', neighbours)
    assert "Hemligt utkast" not in html
    assert 'href="/programmes/?municipality=malmo"' in html
    assert 'href="/programmes/?region=skane-lan"' in html


def test_detail_without_programmes_says_so(client, django_assert_num_queries):
    make_site()
    html = get_detail(client, django_assert_num_queries, "stockholm", "/en", queries=3)
    assert "The catalogue has no published programmes in Stockholm yet." in html
    assert "No other municipality in the region has published programmes yet." in html


def test_danish_programmes_are_marked_danish(client, django_assert_num_queries):
    make_catalogue(make_site())
    html = get_detail(client, django_assert_num_queries, "kobenhavn", queries=3)
    assert '<a href="/programmes/sund-by/" lang="da">Sund by</a>' in html


@pytest.mark.parametrize("path", ["/municipalities/no-such-place/", "/en/municipalities/%00/"])
def test_unknown_municipality_is_404(client, path):
    make_site()
    assert client.get(path).status_code == 404


PARAMETERS = ["country", "region", "municipality", "page", "q", "theme", "utm_source", "\x00"]


@hypothesis.settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(PARAMETERS) | st.text(max_size=10),
            st.text(max_size=300) | st.sampled_from(["SE", "DK", "skane-lan", "-1", "99999"]),
        ),
        max_size=6,
    ),
    path=st.sampled_from(
        ["/municipalities/", "/en/municipalities/", "/", "/regions/skane-lan/", "/om/"]
    ),
)
def test_random_and_hostile_query_strings_never_cause_an_error(client, pairs, path):
    if not Region.objects.exists():
        make_site()
    response = client.get(path + "?" + urlencode(pairs))
    assert response.status_code == 200


def test_entries_resting_on_a_title_only_are_marked(client):
    site = make_site()
    make_programme(title="Folkhälsoplan 2014", municipalities=[site.lund], evidence="title_only")
    make_programme(title="Malmö rör sig", municipalities=[site.malmo])
    html = client.get("/municipalities/malmo/").content.decode()
    assert html.count('<span class="badge">Endast titel</span>') == 1
    html = client.get("/en/municipalities/lund/").content.decode()
    assert '<span class="badge">Title only</span> Programme' in html
