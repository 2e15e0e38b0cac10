"""The programme list and search on the real catalogue (fixtures/*.json, via load_catalogue).

Expected sets are computed from the fixture files themselves, not through the ORM.
"""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
URL = "/en/programmes/"


def fixture(name):
    return [row["fields"] for row in json.loads((FIXTURES / f"{name}.json").read_text())]


PROGRAMMES = [p for p in fixture("programmes") if p.get("is_published", True)]
REGION_OF = {(m["country"][0], m["code"]): tuple(m["region"]) for m in fixture("municipalities")}
REGION_SLUG = {(r["country"][0], r["code"]): r["slug"] for r in fixture("regions")}


def regions_of(programme):
    return {REGION_SLUG[REGION_OF[tuple(key)]] for key in programme["municipalities"]}


def themes_of(programme):
    return {key[0] for key in programme["themes"]}


@pytest.fixture(scope="module", autouse=True)
def catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalogue", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def titles(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h3 class="card-title"><a href="[^"]+"(?: lang="\w+")?>([^<]+)</a>', html)


def all_titles(client, **params):
    """Titles over every page of results."""
    found, page = [], 1
    while True:
        batch = titles(client, page=page, **params)
        found += batch
        if len(batch) < 20:
            return found
        page += 1


@pytest.mark.parametrize(
    "region, theme",
    [
        ("vastra-gotalands-lan", "social-investment"),
        ("vastra-gotalands-lan", "children-and-young-peoples-mental-health"),
        ("gavleborgs-lan", "health-promoting-leadership"),
        ("skane-lan", "social-investment"),
    ],
)
def test_filtering_by_region_and_theme_returns_exactly_the_right_programmes(client, region, theme):
    expected = sorted(
        p["title"] for p in PROGRAMMES if region in regions_of(p) and theme in themes_of(p)
    )
    assert expected, "pick a combination the catalogue has"
    assert sorted(all_titles(client, region=region, theme=theme)) == expected


def test_each_theme_facet_count_matches_its_results(client):
    html = client.get(URL).content.decode()
    counts = re.findall(
        r'name="theme" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', html
    )
    assert counts
    for slug, count in counts:
        expected = sum(1 for p in PROGRAMMES if slug in themes_of(p))
        assert int(count) == expected == len(all_titles(client, theme=slug)), slug


@pytest.mark.parametrize(
    "q, first",
    [
        ("gallivare", "Hälsofrämjande ledarskap – Gällivare kommun"),
        ("Gällivare", "Hälsofrämjande ledarskap – Gällivare kommun"),
        (
            "amal",
            "Projekt PluggInnan – Salutogent Ledarskap och praktisk fördjupning med kasamDIALOGEN",
        ),
        ("sundhedsfremmende", "Sundhed på tværs"),
        ("kommunerne facilitatorer", "Sundhed på tværs"),
        (
            "plugginn",
            "Projekt PluggInnan – Salutogent Ledarskap och praktisk fördjupning med kasamDIALOGEN",
        ),
    ],
)
def test_search_examples_in_swedish_and_danish(client, q, first):
    found = titles(client, q=q)
    assert found and found[0] == first


def test_a_half_typed_word_ranks_title_matches_first(client):
    found = all_titles(client, q="hälsofr")
    in_title = [t for t in found if "hälsofrämjande" in t.lower()]
    assert len(in_title) >= 10
    assert found[: len(in_title)] == in_title


def test_the_real_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # validate region, validate theme, count, page, municipalities, themes, 7 facets
    with django_assert_num_queries(13):
        response = client.get(URL, {"region": "vastra-gotalands-lan", "theme": "social-investment"})
    assert response.status_code == 200
