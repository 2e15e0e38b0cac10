"""The programme list: each filter, facet counts, chips, pagination, drafts, query counts."""

import re

import pytest
from django.contrib.auth import get_user_model

from programmes.models import Participation, Status
from tests.factories import (
    make_country,
    make_municipality,
    make_organisation,
    make_programme,
    make_region,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.django_db
URL = "/en/programmes/"


def titles(response):
    """Programme titles on the page, in order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="card-title"><a href="[^"]+"(?: lang="\w+")?>([^<]+)</a>', html)


def result_count(response):
    html = response.content.decode()
    return int(re.search(r'<span id="result-count">\s*(\d+)', html).group(1))


def option_counts(response, name):
    """{value: count} of one facet's options as shown in the form."""
    html = response.content.decode()
    if name == "theme":
        pattern = (
            r'name="theme" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*'
            r'<span class="count">\((\d+)\)'
        )
        return {value: int(count) for value, count in re.findall(pattern, html)}
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    pattern = r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>'
    return {value: int(count) for value, count in re.findall(pattern, select)}


@pytest.fixture
def catalogue():
    """Two regions in Sweden and one in Denmark, themes, groups, partners, a draft."""
    se, dk = make_country("SE"), make_country("DK")
    skane = make_region(country=se, name="Skåne", slug="skane")
    vg = make_region(country=se, name="Västra Götaland", slug="vastra-gotaland")
    hovedstaden = make_region(country=dk, name="Hovedstaden", slug="hovedstaden")
    malmo = make_municipality(region=skane, name="Malmö", slug="malmo")
    lund = make_municipality(region=skane, name="Lund", slug="lund")
    boras = make_municipality(region=vg, name="Borås", slug="boras")
    kbh = make_municipality(region=hovedstaden, name="København", slug="kobenhavn")
    mental = make_theme(slug="mental-health", name_sv="Psykisk hälsa")
    leadership = make_theme(slug="leadership", name_sv="Ledarskap")
    children = make_target_group(slug="children", name_sv="Barn")
    uni = make_organisation(name="Lunds universitet", slug="lunds-universitet")
    return {
        "a": make_programme(
            title="Alfa",
            municipalities=[malmo, lund],
            themes=[mental],
            target_groups=[children],
            partners=[(uni, Participation.Role.EVALUATOR)],
            status=Status.ONGOING,
            start_year=2020,
            end_year=2024,
        ),
        "b": make_programme(
            title="Beta",
            municipalities=[lund],
            themes=[leadership],
            status=Status.COMPLETED,
            start_year=2015,
            end_year=2016,
        ),
        "c": make_programme(
            title="Gamma",
            municipalities=[boras],
            themes=[mental, leadership],
            status=Status.ONGOING,
            start_year=2022,
        ),
        "d": make_programme(
            title="Delta",
            municipalities=[kbh],
            themes=[mental],
            language="da",
            target_groups=[children],
            status=Status.PLANNED,
            end_year=2030,
        ),
        "draft": make_programme(
            title="Utkast", municipalities=[malmo], themes=[mental], is_published=False
        ),
    }


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


def test_the_list_shows_published_programmes_in_title_order(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Alfa", "Beta", "Delta", "Gamma"]
    assert result_count(response) == 4


def test_staff_see_drafts_marked_as_drafts(staff_client, catalogue):
    response = staff_client.get(URL)
    assert "Utkast" in titles(response)
    assert re.search(r"Utkast</a> <span class=\"badge badge-draft\">", response.content.decode())


@pytest.mark.parametrize(
    "query, expected",
    [
        ("region=skane", ["Alfa", "Beta"]),
        ("region=vastra-gotaland", ["Gamma"]),
        ("municipality=lund", ["Alfa", "Beta"]),
        ("country=dk", ["Delta"]),
        ("country=SE", ["Alfa", "Beta", "Gamma"]),
        ("theme=mental-health", ["Alfa", "Delta", "Gamma"]),
        ("theme=leadership", ["Beta", "Gamma"]),
        ("theme=leadership&theme=mental-health", ["Alfa", "Beta", "Delta", "Gamma"]),
        ("region=skane&theme=mental-health", ["Alfa"]),
        ("target_group=children", ["Alfa", "Delta"]),
        ("partner=lunds-universitet", ["Alfa"]),
        ("status=ongoing", ["Alfa", "Gamma"]),
        ("status=completed", ["Beta"]),
        ("year=2023", ["Alfa", "Delta", "Gamma"]),  # Delta: open start, ends 2030
        ("year=2016", ["Beta", "Delta"]),
        ("year=2031", ["Gamma"]),  # Gamma: from 2022, no end, ongoing
    ],
)
def test_each_filter_returns_exactly_the_matching_programmes(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == expected


def test_a_programme_in_two_matching_municipalities_is_listed_once(client, catalogue):
    assert titles(client.get(f"{URL}?region=skane")).count("Alfa") == 1


def test_a_completed_programme_without_end_year_ran_only_in_its_start_year(client):
    make_programme(title="Kort", status=Status.COMPLETED, start_year=2018)
    assert titles(client.get(f"{URL}?year=2018")) == ["Kort"]
    assert titles(client.get(f"{URL}?year=2019")) == []


def test_facet_counts_are_counted_with_the_other_filters(client, catalogue):
    response = client.get(f"{URL}?region=skane&theme=mental-health")
    # Themes within Skåne (the theme filter itself left out): Alfa mental, Beta leadership.
    assert option_counts(response, "theme") == {"mental-health": 1, "leadership": 1}
    # Regions for mental health (the region filter left out): Alfa, Gamma, Delta.
    assert option_counts(response, "region") == {"skane": 1, "vastra-gotaland": 1, "hovedstaden": 1}
    assert option_counts(response, "municipality") == {"malmo": 1, "lund": 1}
    assert option_counts(response, "status") == {
        "planned": 0,
        "ongoing": 1,
        "completed": 0,
        "unknown": 0,
    }
    assert option_counts(response, "country") == {"SE": 1}


def test_each_facet_count_is_what_choosing_the_option_gives(client, catalogue):
    page = client.get(f"{URL}?theme=mental-health")
    for name in ["region", "municipality", "country", "target_group", "partner", "status"]:
        for value, count in option_counts(page, name).items():
            response = client.get(f"{URL}?theme=mental-health&{name}={value}")
            assert result_count(response) == count, (name, value)


def test_facets_leave_out_drafts_for_the_public(client, catalogue):
    assert option_counts(client.get(URL), "municipality")["malmo"] == 1


def test_active_filters_show_as_removable_chips_and_clear_all(client, catalogue):
    response = client.get(f"{URL}?region=skane&theme=mental-health&theme=leadership")
    html = response.content.decode()
    chips = re.findall(r'<a class="chip" href="([^"]+)">', html)
    assert sorted(chips) == sorted(
        [
            "/en/programmes/?theme=mental-health&amp;theme=leadership",
            "/en/programmes/?region=skane&amp;theme=leadership",
            "/en/programmes/?region=skane&amp;theme=mental-health",
        ]
    )
    assert '<a class="clear-all" href="/en/programmes/">' in html


def test_an_empty_result_explains_itself_and_offers_to_widen(client, catalogue):
    response = client.get(f"{URL}?region=vastra-gotaland&status=completed")
    html = response.content.decode()
    assert titles(response) == []
    assert "No programmes match all of these filters together." in html
    assert 'href="/en/programmes/?status=completed"' in html
    assert 'href="/en/programmes/?region=vastra-gotaland"' in html


def test_unknown_values_are_explained_and_the_rest_still_applies(client, catalogue):
    response = client.get(f"{URL}?region=atlantis&theme=mental-health&year=-1&status=lost")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "There is no region with the key “atlantis”." in html
    assert "There is no status “lost”." in html
    assert "1900" in html  # the year's allowed range
    assert titles(response) == ["Alfa", "Delta", "Gamma"]


@pytest.mark.parametrize("page, message", [("abc", "first page"), ("99999", "last page")])
def test_bad_page_numbers_show_a_page_with_a_note(client, page, message):
    for n in range(25):
        make_programme(title=f"P{n:02d}")
    response = client.get(f"{URL}?page={page}")
    assert response.status_code == 200
    assert message in response.content.decode()
    expected = ["P00", "P19"] if page == "abc" else ["P20", "P24"]
    shown = titles(response)
    assert [shown[0], shown[-1]] == expected


def test_pagination_shows_20_a_page_and_keeps_the_filters(client):
    theme = make_theme(slug="t")
    for n in range(45):
        make_programme(title=f"P{n:02d}", themes=[theme])
    response = client.get(f"{URL}?theme=t&page=2")
    html = response.content.decode()
    assert len(titles(response)) == 20
    assert titles(response)[0] == "P20"
    assert 'href="?theme=t&amp;page=3" rel="next"' in html
    assert 'href="?theme=t&amp;page=1" rel="prev"' in html
    assert 'aria-current="page" aria-label="Page 2, current page"' in html


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("title", ["Alfa", "Beta", "Delta", "Gamma"]),
        ("relevance", ["Alfa", "Beta", "Delta", "Gamma"]),  # title order without a search
        ("newest", ["Gamma", "Alfa", "Beta", "Delta"]),
        ("updated", ["Delta", "Gamma", "Beta", "Alfa"]),
    ],
)
def test_sort_orders(client, catalogue, sort, expected):
    # Updated order is the reverse of creation here: the fixture saves Alfa first.
    assert titles(client.get(f"{URL}?sort={sort}")) == expected


def test_the_partial_is_just_the_browse_region(client, catalogue):
    response = client.get(f"{URL}?region=skane", headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert "<html" not in html
    assert '<form id="filters"' in html
    assert titles(response) == ["Alfa", "Beta"]
    assert "X-Requested-With" in response["Vary"]


def _programmes(n, region, theme):
    municipality = make_municipality(region=region)
    for i in range(n):
        make_programme(title=f"P{i:02d}", municipalities=[municipality], themes=[theme])


@pytest.mark.parametrize("n", [5, 45])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    region = make_region(slug="r")
    theme = make_theme(slug="t")
    _programmes(n, region, theme)
    # validate region slug, validate theme slug, count, page of programmes, their
    # municipalities, their themes; facets: country, region, municipality, theme,
    # target group, partner, status
    with django_assert_num_queries(13):
        response = client.get(f"{URL}?region=r&theme=t&q=program")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 45])
def test_the_list_for_staff_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    _programmes(n, make_region(), make_theme())
    # session, user, count, page, municipalities, themes, 7 facets
    with django_assert_num_queries(13):
        response = staff_client.get(URL)
    assert response.status_code == 200


def test_the_list_speaks_swedish_at_bare_paths_and_danish_under_da(client, catalogue):
    swedish = client.get("/programmes/?region=skane").content.decode()
    assert '<html lang="sv">' in swedish
    assert "Visa program" in swedish and "Rensa alla filter" in swedish
    assert "2 program" in swedish
    danish = client.get("/da/programmes/?region=atlantis").content.decode()
    assert "Vis programmer" in danish
    assert "Der er ingen region med nøglen »atlantis«." in danish
    # A Danish programme's title is marked as Danish on the Swedish page, not on the Danish one.
    assert '<a href="/programmes/' in swedish
    assert re.search(r'lang="da">Delta</a>', client.get("/programmes/").content.decode())
    assert not re.search(r'lang="da">Delta</a>', client.get("/da/programmes/").content.decode())


def test_the_canonical_url_keeps_the_filters_but_not_sort_or_page(client, catalogue):
    html = client.get(f"{URL}?theme=leadership&region=skane&sort=newest&page=1").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/en/programmes/?region=skane&amp;theme=leadership">'
        in html
    )


def test_facet_options_are_in_each_languages_alphabetical_order(client):
    names = ["Örebro-tema", "Alfa", "Ängs-tema", "Åkers-tema", "Beta", "Ærø-tema", "Øster-tema"]
    themes = [
        make_theme(slug=f"t{i}", name_sv=name, name_da=name, name_en=name)
        for i, name in enumerate(names)
    ]
    make_programme(themes=themes)

    def theme_labels(path):
        html = client.get(path).content.decode()
        return [names[int(slug[1:])] for slug in re.findall(r'name="theme" value="(t\d+)"', html)]

    # Swedish: … z å ä ö (æ and ø with ä and ö); Danish: … z æ ø å.
    assert theme_labels("/programmes/") == [
        "Alfa", "Beta", "Åkers-tema", "Ängs-tema", "Ærø-tema", "Örebro-tema", "Øster-tema",
    ]
    assert theme_labels("/da/programmes/")[:2] == ["Alfa", "Beta"]
    assert theme_labels("/da/programmes/")[-1] == "Åkers-tema"
