"""The programme page: everything a coordinator needs, drafts for staff only, fixed queries."""

import re

import pytest
from django.contrib.auth import get_user_model

from programmes.models import Evidence, Participation
from tests.factories import (
    make_contact,
    make_municipality,
    make_organisation,
    make_programme,
    make_region,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def programme():
    region = make_region(name="Skåne", slug="skane")
    malmo = make_municipality(region=region, name="Malmö", slug="malmo")
    theme = make_theme(slug="mental-health", name_sv="Psykisk hälsa")
    group = make_target_group(slug="children", name_sv="Barn")
    city = make_organisation(name="Malmö stad", slug="malmo-stad")
    uni = make_organisation(name="Lunds universitet", slug="lu")
    fund = make_organisation(name="ESF-rådet", slug="esf")
    contact = make_contact(
        name="Anna Berg",
        role="Samordnare",
        email="anna@example.se",
        phone="040 34 10 00",
        organisation=city,
    )
    source = make_source(title="Årsrapport 2023", url="https://example.se/rapport.pdf")
    parent = make_programme(title="Föräldraprogrammet", slug="foralder")
    programme = make_programme(
        title="Barns psykiska hälsa",
        slug="barns-halsa",
        summary="Stöd till barn.",
        description="Första stycket.\n\nAndra stycket.",
        municipalities=[malmo],
        themes=[theme],
        target_groups=[group],
        contacts=[contact],
        partners=[
            (city, Participation.Role.LEAD),
            (uni, Participation.Role.EVALUATOR),
            (fund, Participation.Role.FUNDER),
            (uni, Participation.Role.PARTNER),
        ],
        source=source,
        quote="Barnen ska må bra.",
        parent=parent,
        start_year=2021,
        end_year=2024,
        status="ongoing",
    )
    make_programme(title="Delprojekt Rosengård", parent=programme)
    make_programme(title="Hemligt delprojekt", parent=programme, is_published=False)
    make_programme(title="Grannprojekt", municipalities=[make_municipality(region=region)])
    make_programme(title="Samma tema", themes=[theme])
    make_programme(title="Orelaterat")
    return programme


def test_the_page_shows_what_a_coordinator_needs(client, programme):
    response = client.get("/programmes/barns-halsa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Barns psykiska hälsa ·" in html
    assert '<meta name="description" content="Stöd till barn.">' in html
    assert "<p>Första stycket.</p>" in html and "<p>Andra stycket.</p>" in html
    assert 'href="/programmes/?municipality=malmo">Malmö</a> <span class="muted">(Skåne)' in html
    assert 'href="/programmes/?theme=mental-health">Psykisk hälsa</a>' in html
    assert 'href="/programmes/?target_group=children">Barn</a>' in html
    assert 'href="mailto:anna@example.se"' in html
    assert 'href="tel:040341000">040 34 10 00</a>' in html
    assert re.search(
        r'<blockquote cite="https://example.se/rapport.pdf" lang="sv">\s*<p>Barnen ska må bra.</p>',
        html,
    )
    assert '<cite><a href="https://example.se/rapport.pdf"' in html
    assert "2021–2024" in html
    assert re.search(r'<p class="part-of">[^<]+<a href="/programmes/foralder/"', html)
    assert "Delprojekt Rosengård" in html
    assert "Hemligt delprojekt" not in html
    assert "Edit in admin" not in html and "/admin/" not in html


def test_organisations_are_grouped_by_role(client, programme):
    html = client.get("/en/programmes/barns-halsa/").content.decode()
    roles = re.findall(r"<dt>([^<]+)</dt>\s*<dd><ul class=\"plain\">((?:<li>.*?</li>)+)</ul>", html)
    grouped = {role: re.findall(r">([^<]+)</a>", items) for role, items in roles}
    assert grouped["Lead"] == ["Malmö stad"]
    assert grouped["Partner"] == ["Lunds universitet"]
    assert grouped["Funder"] == ["ESF-rådet"]
    assert grouped["Evaluator"] == ["Lunds universitet"]


def test_related_programmes_share_a_theme_or_region(client, programme):
    html = client.get("/programmes/barns-halsa/").content.decode()
    related = re.search(r'id="related-heading".*?</section>', html, re.S).group(0)
    assert "Grannprojekt" in related and "Samma tema" in related
    assert "Orelaterat" not in related
    assert "Barns psykiska hälsa" not in related


def test_title_only_evidence_is_marked(client):
    make_programme(title="Bara titel", slug="bara-titel", evidence=Evidence.TITLE_ONLY)
    html = client.get("/en/programmes/bara-titel/").content.decode()
    assert "<strong>Title only:</strong>" in html


def test_a_danish_programme_is_marked_lang_da_on_a_swedish_page(client):
    make_programme(title="Sund by", slug="sund-by", language="da", summary="Kommunen hjælper.")
    html = client.get("/programmes/sund-by/").content.decode()
    assert '<html lang="sv">' in html
    assert '<h1 lang="da">Sund by</h1>' in html
    assert '<div class="programme-text" lang="da">' in html


def test_drafts_are_404_for_the_public_and_shown_to_staff(client):
    make_programme(title="Utkast", slug="utkast", is_published=False)
    assert client.get("/programmes/utkast/").status_code == 404
    client.force_login(get_user_model().objects.create_user("e", password="x", is_staff=True))
    response = client.get("/programmes/utkast/")
    assert response.status_code == 200
    assert "badge-draft" in response.content.decode()


def test_staff_see_a_link_to_edit_in_the_admin(staff_client, programme):
    html = staff_client.get("/en/programmes/barns-halsa/").content.decode()
    assert f'href="/admin/programmes/programme/{programme.pk}/change/">Edit in admin' in html


def test_a_draft_parent_is_not_linked_for_the_public(client):
    parent = make_programme(title="Hemlig förälder", slug="hemlig", is_published=False)
    make_programme(title="Barnet", slug="barnet", parent=parent)
    assert "Hemlig förälder" not in client.get("/programmes/barnet/").content.decode()


def test_an_unknown_slug_is_404(client):
    assert client.get("/programmes/finns-inte/").status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(client, programme, django_assert_num_queries):
    # programme with parent; municipalities+regions, participations+organisations,
    # contacts+organisations, themes, target groups, citations+sources, sub-projects; related
    with django_assert_num_queries(9):
        response = client.get("/programmes/barns-halsa/")
    assert response.status_code == 200


def test_the_page_for_staff_runs_a_fixed_number_of_queries(
    staff_client, programme, django_assert_num_queries
):
    # session and user, then the same nine as for the public
    with django_assert_num_queries(11):
        response = staff_client.get("/programmes/barns-halsa/")
    assert response.status_code == 200


def test_queries_do_not_grow_with_the_number_of_related_rows(client, django_assert_num_queries):
    region = make_region()
    theme = make_theme()
    municipalities = [make_municipality(region=region) for _ in range(6)]
    orgs = [(make_organisation(), Participation.Role.PARTNER) for _ in range(6)]
    contacts = [make_contact(organisation=make_organisation()) for _ in range(6)]
    big = make_programme(
        slug="stor",
        municipalities=municipalities,
        themes=[theme],
        partners=orgs,
        contacts=contacts,
        source=make_source(),
    )
    for _ in range(6):
        make_programme(parent=big, themes=[theme])
    with django_assert_num_queries(9):
        assert client.get("/programmes/stor/").status_code == 200
