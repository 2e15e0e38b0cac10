"""Languages: Swedish at bare paths, English under /en/, Danish under /da/, all linked."""

import re

import pytest

from tests.site_data import make_catalogue, make_site

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/municipalities/",
    "/municipalities/malmo/",
    "/regions/skane-lan/",
    "/om/",
    "/tillganglighet/",
]
PREFIX = {"sv": "", "en": "/en", "da": "/da"}


@pytest.fixture
def site():
    site = make_site()
    make_catalogue(site)
    return site


def switcher(html):
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(
        r'<a href="([^"]+)" lang="(\w\w)" hreflang="(\w\w)"( aria-current="true")?>(\w+)</a>', nav
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("current", ["sv", "en", "da"])
def test_switcher_goes_to_the_same_page_in_each_language(client, site, page, current):
    html = client.get(PREFIX[current] + page).content.decode()

    assert f'<html lang="{current}">' in html
    assert switcher(html) == [
        ("" + page, "sv", "sv", ' aria-current="true"' if current == "sv" else "", "Svenska"),
        ("/en" + page, "en", "en", ' aria-current="true"' if current == "en" else "", "English"),
        ("/da" + page, "da", "da", ' aria-current="true"' if current == "da" else "", "Dansk"),
    ]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_hreflang_alternates_and_an_absolute_canonical(client, site, page):
    html = client.get("/da" + page + "?utm_source=newsletter&fbclid=abc").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    assert alternates == [
        ("sv", f"http://testserver{page}"),
        ("en", f"http://testserver/en{page}"),
        ("da", f"http://testserver/da{page}"),
        ("x-default", f"http://testserver{page}"),
    ]
    # Tracking noise never reaches the canonical URL.
    assert f'<link rel="canonical" href="http://testserver/da{page}">' in html


def test_switcher_keeps_the_filters_in_the_address(client, site):
    html = client.get("/municipalities/?country=SE&region=skane-lan").content.decode()
    links = [link[0] for link in switcher(html)]
    assert links == [
        "/municipalities/?country=SE&amp;region=skane-lan",
        "/en/municipalities/?country=SE&amp;region=skane-lan",
        "/da/municipalities/?country=SE&amp;region=skane-lan",
    ]


def test_switcher_escapes_whatever_is_in_the_address(client, site):
    html = client.get('/municipalities/?region="><script>x</script>').content.decode()
    assert "<script>x</script>" not in html


@pytest.mark.parametrize(
    ("path", "phrases"),
    [
        (
            "/en/",
            [
                "Municipal health promotion in Sweden and Denmark",
                "Browse by region",
                "Skip to content",
            ],
        ),
        (
            "/en/municipalities/",
            ["Every Swedish and Danish municipality", "Both countries", "Sweden"],
        ),
        ("/en/regions/skane-lan/", ["Programmes in the region", "A region in Sweden"]),
        ("/en/municipalities/lund/", ["Programmes in Lund", "Elsewhere in Skåne län"]),
        ("/da/", ["Kommunal sundhedsfremme i Sverige og Danmark", "Gennemse efter tema"]),
        ("/da/municipalities/", ["Alle svenske og danske kommuner", "Begge lande"]),
        ("/", ["Kommunalt hälsofrämjande arbete", "Bläddra efter tema", "Hoppa till innehållet"]),
    ],
)
def test_pages_speak_the_language_of_their_address(client, site, path, phrases):
    html = client.get(path).content.decode()
    for phrase in phrases:
        assert phrase in html


def test_country_and_theme_names_follow_the_language(client, site):
    assert "Health-promoting leadership" in client.get("/en/").content.decode()
    assert "Sundhedsfremmende ledelse" in client.get("/da/").content.decode()
    assert '<h3 class="area-group">Denmark</h3>' in client.get("/en/").content.decode()


def test_unknown_page_is_a_404_in_the_site_shell(client, site):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_filtered_list_is_canonical_with_its_valid_filters_only(client, site):
    html = client.get(
        "/en/programmes/?theme=barn-och-unga&region=no-such-region&sort=title&page=2&utm_source=x"
    ).content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/en/programmes/?theme=barn-och-unga">' in html
    )
    assert (
        '<link rel="alternate" hreflang="sv" href="http://testserver/programmes/?theme=barn-och-unga">'
        in html
    )


def test_a_bad_filter_on_the_municipality_list_is_left_out_of_the_canonical_url(client, site):
    html = client.get("/municipalities/?country=XX&region=skane-lan").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/municipalities/?region=skane-lan">' in html
    )
