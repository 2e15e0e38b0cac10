"""Partner pages: organisations with programme counts, and one organisation's programmes."""

import re

import pytest

from programmes.models import Organisation, Participation
from tests.factories import make_contact, make_organisation, make_programme

pytestmark = pytest.mark.django_db
Role = Participation.Role


def test_the_partner_list_groups_organisations_by_kind_with_counts(client):
    city = make_organisation(name="Malmö stad", kind=Organisation.Kind.MUNICIPALITY)
    uni = make_organisation(name="Lunds universitet", kind=Organisation.Kind.UNIVERSITY)
    idle = make_organisation(name="Vilande förening")
    make_programme(partners=[(city, Role.LEAD), (uni, Role.EVALUATOR), (uni, Role.PARTNER)])
    make_programme(partners=[(city, Role.LEAD)])
    make_programme(partners=[(idle, Role.PARTNER)], is_published=False)
    response = client.get("/en/partners/")
    html = response.content.decode()
    assert response.status_code == 200
    groups = dict(
        re.findall(
            r'<h2 id="kind-\d+">([^<]+)</h2>\s*<ul class="partner-list">(.*?)</ul>', html, re.S
        )
    )
    assert set(groups) == {"Municipality", "University or research body"}
    assert re.search(r"Malmö stad</a> <span class=\"count\">2 programmes", groups["Municipality"])
    assert re.search(r"Lunds universitet</a> <span class=\"count\">1 programme<", html)
    assert "Vilande förening" not in html


@pytest.mark.parametrize("n", [3, 60])
def test_the_partner_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    for _ in range(n):
        make_programme(partners=[(make_organisation(), Role.PARTNER)])
    # count, page of organisations with their programme counts
    with django_assert_num_queries(2):
        response = client.get("/partners/?page=2" if n > 50 else "/partners/")
    assert response.status_code == 200


def test_the_partner_list_forgives_bad_page_numbers(client):
    make_programme(partners=[(make_organisation(), Role.PARTNER)])
    for page in ["abc", "0", "-1", "99999", "1e3"]:
        assert client.get("/partners/", {"page": page}).status_code == 200


def test_a_partner_page_lists_programmes_with_roles_and_contacts(client):
    uni = make_organisation(name="Lunds universitet", slug="lu", website="https://lu.se")
    make_contact(name="Per Lind", email="per@lu.se", organisation=uni)
    make_programme(title="Forskning", partners=[(uni, Role.EVALUATOR), (uni, Role.PARTNER)])
    make_programme(title="Utkast", partners=[(uni, Role.PARTNER)], is_published=False)
    make_programme(title="Annat")
    response = client.get("/en/partners/lu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Lunds universitet</h1>" in html
    assert re.search(r"Forskning</a>\s*<span class=\"muted\">– evaluator, partner</span>", html)
    assert "Utkast" not in html and "Annat" not in html
    assert 'href="mailto:per@lu.se"' in html
    assert 'href="/en/programmes/?partner=lu"' in html or 'href="/programmes/?partner=lu"' in html


def test_an_unknown_partner_is_404(client):
    assert client.get("/partners/nope/").status_code == 404


@pytest.mark.parametrize("n", [2, 25])
def test_a_partner_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    org = make_organisation(slug="org")
    for _ in range(n):
        make_programme(partners=[(org, Role.PARTNER)])
        make_contact(organisation=org)
    # organisation, its participations with programmes, its contacts
    with django_assert_num_queries(3):
        response = client.get("/partners/org/")
    assert response.status_code == 200
