"""Each admin changelist and change form runs a fixed number of queries, however many rows.

Every page is measured on a catalogue with several rows of everything, and the programme
pages also on a larger one, so a query per row would show up as a different count.
"""

import pytest

from programmes.models import Participation
from tests.admin_helpers import make_places, make_staff
from tests.factories import (
    make_contact,
    make_organisation,
    make_programme,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.django_db

HOST, PARTNER, FUNDER = (
    Participation.Role.HOST,
    Participation.Role.PARTNER,
    Participation.Role.FUNDER,
)


def build_catalogue(size):
    """``size`` programmes in Ale, each with three partners, two sources and two contacts."""
    ale, gavle = make_places()
    organisations = [make_organisation(municipality=ale) for _ in range(3)]
    contacts = [make_contact(organisation=organisations[0], phone="0303 33 07 82")]
    contacts.append(make_contact(email="info@ale.se"))
    programmes = []
    for _ in range(size):
        programme = make_programme(
            municipalities=[ale, gavle],
            themes=[make_theme(), make_theme()],
            target_groups=[make_target_group()],
            contacts=contacts,
            partners=list(zip(organisations, [HOST, PARTNER, FUNDER], strict=True)),
            source=make_source(),
        )
        programme.citations.create(source=make_source(), quote="Ett andra citat.")
        programmes.append(programme)
    return {
        "programme": programmes[-1],
        "municipality": ale,
        "region": ale.region,
        "organisation": organisations[0],
        "contact": contacts[0],
        "theme": programmes[-1].themes.first(),
        "targetgroup": programmes[-1].target_groups.first(),
        "source": programmes[-1].sources.first(),
    }


# Every page starts with the session and the user (2 queries).
CHANGELISTS = [
    # countries, regions and themes for the filters, count filtered, count all, the page of
    # programmes with has-source/has-contact annotations, their municipalities, the date
    # hierarchy's range and its days
    ("programmes/programme", 2 + 9),
    # regions for the filter, count filtered, count all, the page with region, country and
    # programme count, countries for the filter
    ("municipalities/municipality", 2 + 5),
    # countries for the filter, count filtered, count all, the page with municipality counts
    ("municipalities/region", 2 + 4),
    # countries and used regions for the filters, counts, the page with joined places
    ("programmes/organisation", 2 + 5),
    # count filtered, count all, the page with organisation and programme count
    ("programmes/contact", 2 + 3),
    ("programmes/theme", 2 + 3),
    ("programmes/targetgroup", 2 + 3),
    # count filtered, count all, the page with citation counts
    ("programmes/source", 2 + 3),
]

CHANGE_FORMS = [
    # the programme; its municipalities (prefetched for the list, reused as the form's
    # initial value); initial themes, target groups and contacts; the partner rows with
    # their organisations; the quote rows with their sources (inline autocompletes reuse
    # those, see PreloadedAutocompleteSelect); the chosen options of the four many-to-many
    # autocompletes
    ("programmes/programme", "programme", 2 + 11),
    # the municipality, its content type for "view on site", country and region choices
    ("municipalities/municipality", "municipality", 2 + 4),
    # the region, its content type for "view on site", country choices
    ("municipalities/region", "region", 2 + 3),
    # the organisation, country choices, the chosen municipality (region is empty)
    ("programmes/organisation", "organisation", 2 + 3),
    # the contact, the chosen organisation
    ("programmes/contact", "contact", 2 + 2),
    # just the object: no relations on the form
    ("programmes/theme", "theme", 2 + 1),
    ("programmes/targetgroup", "targetgroup", 2 + 1),
    ("programmes/source", "source", 2 + 1),
]


@pytest.fixture
def root(client):
    user = make_staff("root", superuser=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize(("path", "queries"), CHANGELISTS)
def test_changelist_runs_a_fixed_number_of_queries(
    client, root, django_assert_num_queries, path, queries, size
):
    build_catalogue(size)
    with django_assert_num_queries(queries):
        response = client.get(f"/admin/{path}/")
    assert response.status_code == 200
    assert "result_list" in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(("path", "key", "queries"), CHANGE_FORMS)
def test_change_form_runs_a_fixed_number_of_queries(
    client, root, django_assert_num_queries, path, key, queries, size
):
    obj = build_catalogue(size)[key]
    with django_assert_num_queries(queries):
        response = client.get(f"/admin/{path}/{obj.pk}/change/")
    assert response.status_code == 200
    assert str(obj) in response.content.decode()


def test_programme_add_form_needs_no_catalogue_queries(client, root, django_assert_num_queries):
    build_catalogue(2)
    # session, user: autocompletes load their choices only when searched
    with django_assert_num_queries(2):
        response = client.get("/admin/programmes/programme/add/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("scoped", "queries"),
    [
        # + the editor's permissions (own, through groups) and whether they have a scope
        (False, 11 + 3),
        # + the scope's municipalities
        (True, 11 + 4),
    ],
)
def test_programme_changelist_for_an_editor_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, scoped, queries
):
    catalogue = build_catalogue(3)
    editor = make_staff(
        "editor", municipalities=[catalogue["municipality"]] if scoped else None
    )
    client.force_login(editor)
    with django_assert_num_queries(queries):
        response = client.get("/admin/programmes/programme/")
    assert response.status_code == 200
    assert response.content.decode().count('class="action-checkbox"') == 3
