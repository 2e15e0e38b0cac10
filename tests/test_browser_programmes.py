"""The programme pages in real headless Chromium: with and without JavaScript, and axe-core."""

import re

import pytest
from playwright.sync_api import expect

from programmes.models import Participation
from tests.axe import axe_violations
from tests.factories import (
    make_contact,
    make_country,
    make_municipality,
    make_organisation,
    make_programme,
    make_region,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    se, dk = make_country("SE"), make_country("DK")
    skane = make_region(country=se, name="Skåne", slug="skane")
    vg = make_region(country=se, name="Västra Götaland", slug="vastra-gotaland")
    hov = make_region(country=dk, name="Hovedstaden", slug="hovedstaden")
    malmo = make_municipality(region=skane, name="Malmö", slug="malmo")
    boras = make_municipality(region=vg, name="Borås", slug="boras")
    kbh = make_municipality(region=hov, name="København", slug="kobenhavn")
    mental = make_theme(slug="mental-health", name_sv="Psykisk hälsa", name_en="Mental health")
    move = make_theme(slug="activity", name_sv="Fysisk aktivitet", name_en="Physical activity")
    children = make_target_group(slug="children", name_sv="Barn", name_en="Children")
    city = make_organisation(name="Malmö stad", slug="malmo-stad")
    contact = make_contact(
        name="Anna Berg", email="anna@example.se", phone="040 34 10 00", organisation=city
    )
    parent = make_programme(
        title="Barns psykiska hälsa i Malmö",
        slug="barns-halsa",
        municipalities=[malmo],
        themes=[mental],
        target_groups=[children],
        contacts=[contact],
        partners=[(city, Participation.Role.LEAD)],
        source=make_source(title="Rapport"),
        summary="Hälsofrämjande stöd till barn och unga.",
        start_year=2021,
        status="ongoing",
    )
    make_programme(
        title="Delprojekt i Rosengård", parent=parent, municipalities=[malmo], themes=[mental]
    )
    make_programme(
        title="Sundhedsfremmende skole",
        language="da",
        municipalities=[kbh],
        themes=[mental],
        summary="Kommunen arbejder med trivsel.",
    )
    for n in range(24):
        make_programme(title=f"Rörelse {n:02d}", municipalities=[boras], themes=[move])


def card_titles(page):
    return page.locator(".programme-card .card-title a").all_inner_texts()


def test_filters_update_results_without_reload_and_back_restores(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/programmes/")
    page.evaluate("window.__marker = 'kept'")
    expect(page.locator("#result-count")).to_have_text("27 programmes")

    page.focus("#id_region")
    page.select_option("#id_region", "skane")
    page.wait_for_url(re.compile(r"/en/programmes/\?region=skane$"))
    expect(page.locator("#result-count")).to_have_text("2 programmes")
    assert card_titles(page) == ["Barns psykiska hälsa i Malmö", "Delprojekt i Rosengård"]
    expect(page.locator("#results-live")).to_have_text("2 programmes")
    assert page.evaluate("window.__marker") == "kept"
    expect(page.locator("#id_region")).to_be_focused()

    page.get_by_role("link", name=re.compile("Clear all")).click()
    page.wait_for_url(re.compile(r"/en/programmes/$"))
    expect(page.locator("#result-count")).to_have_text("27 programmes")

    page.go_back()
    page.wait_for_url(re.compile(r"region=skane"))
    expect(page.locator("#result-count")).to_have_text("2 programmes")
    expect(page.locator("#id_region")).to_have_value("skane")
    assert page.evaluate("window.__marker") == "kept"


def test_search_and_pagination_with_javascript(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/programmes/")
    page.evaluate("window.__marker = 'kept'")
    page.fill("#id_q", "halsofr")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q=halsofr"))
    expect(page.locator("#result-count")).to_have_text("1 programme")
    expect(page.locator(".snippet mark").first).to_have_text("Hälsofrämjande")
    expect(page.locator("#results-heading")).to_be_focused()

    page.get_by_role("link", name=re.compile("Remove filter")).click()
    page.wait_for_url(re.compile(r"/en/programmes/$"))
    page.check("#id_theme_activity")
    page.wait_for_url(re.compile(r"theme=activity"))
    expect(page.locator("#result-count")).to_have_text("24 programmes")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"theme=activity.*page=2"))
    assert card_titles(page) == ["Rörelse 20", "Rörelse 21", "Rörelse 22", "Rörelse 23"]
    assert page.evaluate("window.__marker") == "kept"

    page.get_by_role("link", name="Rörelse 21").click()
    expect(page.locator("h1")).to_have_text("Rörelse 21")


def test_everything_works_without_javascript(browser, live_server, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/programmes/")
    page.select_option("#id_region", "vastra-gotaland")
    page.get_by_role("button", name="Show programmes").click()
    page.wait_for_url(re.compile(r"region=vastra-gotaland"))
    expect(page.locator("#result-count")).to_have_text("24 programmes")

    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"region=vastra-gotaland.*page=2"))
    assert len(card_titles(page)) == 4

    page.get_by_role("link", name=re.compile("Remove filter")).click()
    expect(page.locator("#result-count")).to_have_text("27 programmes")

    page.fill("#id_q", "kommunerne")
    page.get_by_role("button", name="Show programmes").click()
    assert card_titles(page) == ["Sundhedsfremmende skole"]
    page.get_by_role("link", name="Sundhedsfremmende skole").click()
    expect(page.locator("h1")).to_have_attribute("lang", "da")
    context.close()


def test_a_programme_page_links_to_filtered_lists_and_partners(page, live_server, catalogue):
    page.goto(f"{live_server.url}/en/programmes/barns-halsa/")
    expect(page.get_by_role("link", name="anna@example.se")).to_have_attribute(
        "href", "mailto:anna@example.se"
    )
    page.get_by_role("link", name="Mental health").click()
    page.wait_for_url(re.compile(r"theme=mental-health"))
    expect(page.locator("#result-count")).to_have_text("3 programmes")
    page.goto(f"{live_server.url}/en/programmes/barns-halsa/")
    page.get_by_role("link", name="Malmö stad").first.click()
    expect(page.locator("h1")).to_have_text("Malmö stad")


def audit(page):
    return [(rule, targets[:3]) for rule, _impact, targets in axe_violations(page)]


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/",
        "/programmes/?q=halsofr&region=skane&theme=mental-health&year=abc",
        "/programmes/?region=atlantis",
        "/programmes/?theme=activity&page=2",
        "/programmes/barns-halsa/",
        "/themes/mental-health/",
        "/partners/",
        "/partners/malmo-stad/",
        "/da/programmes/?status=ongoing",
    ],
)
def test_axe_finds_no_violations(page, live_server, catalogue, path):
    page.goto(f"{live_server.url}{path}")
    assert audit(page) == []


def test_axe_finds_no_violations_after_a_javascript_update(page, live_server, catalogue):
    page.goto(f"{live_server.url}/programmes/")
    page.select_option("#id_region", "skane")
    page.wait_for_url(re.compile(r"region=skane"))
    expect(page.locator("#result-count")).to_contain_text("2")
    assert audit(page) == []
