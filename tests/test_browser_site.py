"""The site shell, home, map and region/municipality pages in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_programme
from tests.site_data import make_catalogue, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    site = make_site()
    make_catalogue(site)
    return site


def test_follow_links_from_home_to_region_to_municipality_to_programme(live_server, page, site):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Kommunalt hälsofrämjande arbete i Sverige och Danmark")

    page.locator(".area-list").get_by_role("link", name="Skåne län").click()
    expect(page).to_have_url(live_server.url + "/regions/skane-lan/")
    expect(page.locator("h1")).to_have_text("Skåne län")

    page.locator(".area-list").get_by_role("link", name="Malmö", exact=True).click()
    expect(page).to_have_url(live_server.url + "/municipalities/malmo/")

    page.get_by_role("link", name="Malmö rör sig").click()
    expect(page).to_have_url(live_server.url + "/programmes/malmo-ror-sig/")
    expect(page.locator("h1")).to_have_text("Malmö rör sig")


def test_switch_language_keeps_the_page(live_server, page, site):
    page.goto(live_server.url + "/regions/skane-lan/")
    languages = page.get_by_role("navigation", name="Språk")

    languages.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/regions/skane-lan/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Programmes in the region")).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Dansk").click()
    expect(page).to_have_url(live_server.url + "/da/regions/skane-lan/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    current = page.get_by_role("navigation", name="Sprog").locator("[aria-current]")
    expect(current).to_have_text("Dansk")


def test_the_map_works_by_keyboard(live_server, page, site):
    page.goto(live_server.url + "/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('map-area')"):
            break
    else:
        pytest.fail("no map area is reachable with Tab")

    focused = page.locator(":focus")
    name = focused.get_attribute("aria-label")
    assert re.fullmatch(r".+: \d+ program", name)
    # The focus is visible: the shape gets a thick outline in the focus colour.
    stroke = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('path')).stroke"
    )
    assert stroke == "rgb(194, 65, 12)"

    # Move on to Skåne and open it with Enter.
    for _ in range(30):
        if focused.get_attribute("aria-label") == "Skåne län: 3 program":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/programmes/?region=skane-lan")


def test_skip_link_is_first_and_moves_focus_to_the_content(live_server, page, site):
    page.goto(live_server.url + "/municipalities/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Hoppa till innehållet")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_header_search_goes_to_the_programme_list(live_server, page, site):
    page.goto(live_server.url + "/en/municipalities/")
    page.get_by_label("Search programmes").fill("leadership")
    page.get_by_label("Search programmes").press("Enter")
    expect(page).to_have_url(live_server.url + "/en/programmes/?q=leadership")


def test_municipality_filter_form_works_without_javascript(live_server, browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/municipalities/")
    page.get_by_label("Country").select_option("DK")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/en/municipalities/\?country=DK&region=$"))
    expect(page.locator(".region-group h2")).to_have_count(1)
    expect(page.locator(".region-group h2")).to_contain_text("Region Hovedstaden")
    context.close()


@pytest.mark.parametrize(
    "path", ["/", "/municipalities/", "/regions/skane-lan/", "/tillganglighet/"]
)
def test_pages_fit_a_320_pixel_phone_without_sideways_scrolling(live_server, page, site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path)
    # The stylesheet is served and applied (the header is dark).
    header = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header == "rgb(8, 63, 86)"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_no_page_breaks_the_content_security_policy(live_server, page, site):
    complaints = []
    page.on("console", lambda message: complaints.append(message.text))
    for path in [
        "/",
        "/en/municipalities/",
        "/regions/skane-lan/",
        "/municipalities/malmo/",
        "/om/",
    ]:
        page.goto(live_server.url + path)
    assert [text for text in complaints if "Content Security Policy" in text] == []


def test_long_danish_and_swedish_words_do_not_push_a_phone_sideways(live_server, page, site):
    make_programme(
        title="Salutogent/Hälsofrämjande Medarbetarskap – Skövde kommun",
        municipalities=[site.lund],
    )
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/da/", "/regions/skane-lan/", "/municipalities/malmo/"]:
        page.goto(live_server.url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
