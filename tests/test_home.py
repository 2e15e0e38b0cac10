import re

import pytest

from tests.factories import make_municipality, make_programme
from tests.site_data import make_catalogue, make_site

pytestmark = pytest.mark.django_db


def get_home(client, django_assert_num_queries, path="/"):
    # 1 numbers (one aggregate), 2 themes with counts, 3 regions with counts and country,
    # 4 recently updated programmes
    with django_assert_num_queries(4):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_is_swedish_and_shows_the_catalogue_in_numbers(client, django_assert_num_queries):
    make_programme(title="Hälsofrämjande ledarskap", municipalities=[make_municipality()])
    make_programme(title="Utkast", is_published=False)

    html = get_home(client, django_assert_num_queries)

    assert '<html lang="sv">' in html
    assert "Hälsofrämjande ledarskap" in html
    assert "Utkast" not in html
    numbers = re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", html)
    assert ("1", "publicerade program") in numbers
    assert ("1", "kommuner med program") in numbers


def test_query_count_does_not_grow_with_the_catalogue(client, django_assert_num_queries):
    site = make_site()
    make_catalogue(site)
    for _ in range(15):
        make_programme(municipalities=[site.lund, site.kobenhavn])

    get_home(client, django_assert_num_queries)


def test_themes_link_into_the_list_with_counts_of_published_programmes(
    client, django_assert_num_queries
):
    catalogue = make_catalogue(make_site())

    html = get_home(client, django_assert_num_queries)

    # The draft is on the leadership theme too; it must not count.
    leadership = re.search(
        r'href="/programmes/\?theme=halsoframjande-ledarskap">(.*?)</a>', html, re.S
    )
    assert leadership and "Hälsofrämjande ledarskap" in leadership.group(1)
    assert "2 program" in leadership.group(1)
    children = re.search(r'href="/programmes/\?theme=barn-och-unga">(.*?)</a>', html, re.S)
    assert "3 program" in children.group(1)
    # A theme nobody uses is not offered: it would lead to an empty list.
    assert "Oanvänt tema" not in html
    assert catalogue["draft"].title not in html


def test_recently_updated_lists_the_newest_first(client, django_assert_num_queries):
    catalogue = make_catalogue(make_site())
    catalogue["malmo"].save()  # touches updated_at

    html = get_home(client, django_assert_num_queries)

    recent = html.split('id="recent-heading"')[1]
    titles = re.findall(r'<h3><a href="/programmes/[^"]+/" lang="\w\w">([^<]+)</a></h3>', recent)
    assert titles[0] == "Malmö rör sig"
    assert set(titles) == {"Malmö rör sig", "Friskare Skåne", "Ystads familjecentral", "Sund by"}


def test_home_search_box_is_a_labelled_get_form_to_the_programme_list(client):
    html = client.get("/en/").content.decode()
    form = re.search(
        r'<form class="hero-search" role="search" method="get" action="([^"]+)">', html
    )
    assert form.group(1) == "/en/programmes/"
    assert '<label for="home-q">Search the catalogue</label>' in html
    assert 'id="home-q" name="q"' in html


def test_regions_appear_on_the_map_and_in_the_list_with_counts(client, django_assert_num_queries):
    site = make_site()
    make_catalogue(site)

    html = get_home(client, django_assert_num_queries)

    # Skåne: Friskare Skåne (Malmö and Lund, counted once), Malmö rör sig, Ystads familjecentral.
    assert re.search(
        r'<a href="/programmes/\?region=skane-lan" aria-label="Skåne län: 3 program" '
        r'class="map-area shade-2"><title>Skåne län: 3 program</title><path d="M[^"]+"/></a>',
        html,
    )
    assert 'aria-label="Region Hovedstaden: 1 program" class="map-area shade-1"' in html
    assert 'aria-label="Stockholms län: 0 program" class="map-area shade-0"' in html
    # The list says the same for people who do not use the map.
    assert re.search(
        r'<a href="/regions/skane-lan/">Skåne län</a>\s*'
        r'<a class="count-link" href="/programmes/\?region=skane-lan">3 program</a>',
        html,
    )
    assert '<h3 class="area-group">Sverige</h3>' in html
    assert '<h3 class="area-group">Danmark</h3>' in html
