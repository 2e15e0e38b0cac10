"""An editor's whole round in a real browser: draft, partner, preview, publish, public list."""

import re

import pytest
from playwright.sync_api import expect

from programmes.models import Participation, Programme
from tests.admin_helpers import PASSWORD, make_places, make_staff
from tests.factories import make_organisation, make_source, make_target_group, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Rörelse på recept i Ale"


def choose(page, select_id, text):
    """Pick ``text`` in the select2 autocomplete that replaces <select id=select_id>."""
    page.locator(f"#{select_id} + .select2").click()
    page.keyboard.type(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_editor_drafts_previews_and_publishes_a_programme(page, live_server, browser):
    ale, _ = make_places()
    make_organisation(name="Ale kommun", slug="ale-kommun", municipality=ale)
    make_theme(name_sv="Fysisk aktivitet")
    make_target_group(name_sv="Vuxna")
    make_source(title="Folkhälsoplan för Ale")
    make_staff("eva", municipalities=[ale])

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Användarnamn").fill("eva")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Redigera katalogen")).to_be_visible()

    # A draft with a partner organisation.
    page.goto(f"{live_server.url}/admin/programmes/programme/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value("rorelse-pa-recept-i-ale")
    choose(page, "id_municipalities", "Ale")
    choose(page, "id_participations-0-organisation", "Ale kommun")
    page.locator("#id_participations-0-role").select_option(Participation.Role.HOST)
    expect(page.locator("#id_is_published")).not_to_be_checked()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    programme = Programme.objects.get(slug="rorelse-pa-recept-i-ale")
    assert not programme.is_published
    assert programme.participations.get().organisation.name == "Ale kommun"

    # Preview it on the site, as staff.
    page.get_by_role("link", name="Visa på webbplats").click()
    expect(page).to_have_url(re.compile(r"/programmes/rorelse-pa-recept-i-ale/$"))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.go_back()

    # Publishing asks for a theme, a target group and a source.
    page.locator("#id_is_published").check()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_text("Ett publicerat program behöver minst ett tema.")).to_be_visible()
    choose(page, "id_themes", "Fysisk aktivitet")
    choose(page, "id_target_groups", "Vuxna")
    choose(page, "id_citations-0-source", "Folkhälsoplan för Ale")
    page.locator("#id_citations-0-quote").fill("Kommunen erbjuder fysisk aktivitet på recept.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    programme.refresh_from_db()
    # Created as version 1; the refused save changed nothing; this one made version 2.
    assert programme.is_published and programme.version == 2

    # The public, not logged in, finds it on the list.
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(f"{live_server.url}/programmes/")
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", name=TITLE)).to_be_visible()
    visitor.close()
