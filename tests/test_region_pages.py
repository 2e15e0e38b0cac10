import re

import pytest

from tests.factories import make_programme
from tests.site_data import make_catalogue, make_site

pytestmark = pytest.mark.django_db


def get_region(client, django_assert_num_queries, path="/regions/skane-lan/"):
    # 1 region with country, 2 its municipalities with programme counts,
    # 3 count of its published programmes, 4 the most recently updated of them
    with django_assert_num_queries(4):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_region_page_lists_each_published_programme_once(client, django_assert_num_queries):
    site = make_site()
    catalogue = make_catalogue(site)
    for _ in range(5):
        make_programme(municipalities=[site.malmo, site.ystad])

    html = get_region(client, django_assert_num_queries)

    assert "<h1>Skåne län</h1>" in html
    assert "Ett län i Sverige; regional huvudman är Region Skåne." in html
    listed = html.split('id="programmes-heading"')[1]
    titles = re.findall(r'<h3><a href="[^"]+" lang="sv">([^<]+)</a>', listed)
    assert len(titles) == len(set(titles)) == 8
    assert catalogue["malmo_lund"].title in titles
    assert "Hemligt utkast" not in html
    assert "Sund by" not in html


def test_region_page_links_into_the_filtered_list(client, django_assert_num_queries):
    make_catalogue(make_site())
    html = get_region(client, django_assert_num_queries, "/en/regions/skane-lan/")
    assert '<a class="button" href="/en/programmes/?region=skane-lan">' in html
    assert "Show all 3 programmes in the list" in html


def test_region_page_lists_municipalities_like_the_map(client, django_assert_num_queries):
    make_catalogue(make_site())
    html = get_region(client, django_assert_num_queries)
    listed = html.split('class="area-list"')[1]
    assert re.findall(r'<a href="/municipalities/(\w+)/">', listed) == ["lund", "malmo", "ystad"]
    assert '<a class="count-link" href="/programmes/?municipality=malmo">2 program</a>' in listed


def test_region_without_programmes_says_so(client, django_assert_num_queries):
    make_site()
    # no programmes: the fourth query still runs (an empty slice)
    html = get_region(client, django_assert_num_queries, "/da/regions/stockholms-lan/")
    assert "Kataloget har endnu ingen offentliggjorte programmer i denne region." in html


@pytest.mark.parametrize(
    "path", ["/regions/no-such-region/", "/en/regions/nope/", "/regions/skane-lan/extra/"]
)
def test_unknown_region_is_404(client, path):
    make_site()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?region=%00", "?q=" + "x" * 10_000, "?%ff=%fe"])
def test_query_strings_are_ignored_on_the_region_page(client, query):
    make_site()
    assert client.get(f"/regions/skane-lan/{query}").status_code == 200
