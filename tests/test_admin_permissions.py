"""Roles and municipality scopes: who may see and change what in the admin."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from municipalities.models import Region
from programmes.roles import ADMINISTRATORS, EDITORS, ensure_roles
from tests.admin_forms import programme_form_data
from tests.admin_helpers import make_places, make_staff
from tests.factories import make_country, make_programme, make_region

pytestmark = pytest.mark.django_db


def change_url(programme):
    return f"/admin/programmes/programme/{programme.pk}/change/"


@pytest.fixture
def places():
    return make_places()


@pytest.fixture
def ale_editor(client, places):
    ale, _ = places
    user = make_staff("alva", municipalities=[ale])
    client.force_login(user)
    return user


def test_the_roles_exist_after_migrating_and_setting_them_up_again_changes_nothing():
    groups = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    assert {EDITORS, ADMINISTRATORS} <= groups.keys()
    ensure_roles(apps)
    ensure_roles(apps)
    again = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    assert again == groups


def test_editor_permissions():
    codenames = set(
        Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_programme", "change_programme", "add_organisation", "change_contact",
            "add_source", "add_participation", "delete_citation", "view_theme"} <= codenames
    assert not codenames & {"delete_programme", "delete_region", "delete_municipality",
                            "change_region", "add_user", "change_user", "change_theme"}


def test_administrators_may_do_everything_in_the_catalogue_and_manage_users():
    codenames = set(
        Group.objects.get(name=ADMINISTRATORS).permissions.values_list("codename", flat=True)
    )
    assert {"delete_region", "delete_municipality", "delete_programme", "change_theme",
            "add_user", "change_user", "change_editorscope"} <= codenames


def test_a_scoped_editor_sees_only_programmes_in_their_municipalities(client, places, ale_editor):
    ale, gavle = places
    make_programme(title="Ale-programmet", municipalities=[ale])
    make_programme(title="Gävle-programmet", municipalities=[gavle])
    make_programme(title="Gemensamt", municipalities=[ale, gavle])
    response = client.get("/admin/programmes/programme/")
    titles = sorted(p.title for p in response.context["cl"].result_list)
    assert titles == ["Ale-programmet", "Gemensamt"]


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_a_scoped_editor_cannot_open_a_programme_elsewhere(client, places, ale_editor, view):
    _, gavle = places
    programme = make_programme(municipalities=[gavle])
    assert client.get(f"/admin/programmes/programme/{programme.pk}/{view}/").status_code == 403


def test_a_scoped_editor_cannot_change_a_programme_elsewhere(client, places, ale_editor):
    _, gavle = places
    programme = make_programme(title="Gävle", municipalities=[gavle])
    response = client.post(change_url(programme), programme_form_data(programme, title="Ändrad"))
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.title == "Gävle"


@pytest.mark.parametrize("keep_ale", [False, True])
def test_a_scoped_editor_cannot_move_a_programme_to_another_municipality(
    client, places, ale_editor, keep_ale
):
    ale, gavle = places
    programme = make_programme(title="Ale", municipalities=[ale])
    moved = [ale.pk, gavle.pk] if keep_ale else [gavle.pk]
    response = client.post(
        change_url(programme), programme_form_data(programme, municipalities=moved)
    )
    assert response.status_code == 200
    assert "Du får bara lägga till eller ta bort dina egna kommuner, inte: Gävle." in (
        response.content.decode()
    )
    assert list(programme.municipalities.all()) == [ale]


def test_a_scoped_editor_keeps_a_programme_in_their_part_of_the_catalogue(
    client, places, ale_editor
):
    ale, _ = places
    programme = make_programme(municipalities=[ale])
    response = client.post(change_url(programme), programme_form_data(programme, municipalities=[]))
    assert "Välj minst en av dina kommuner" in response.content.decode()
    response = client.post(
        "/admin/programmes/programme/add/",
        programme_form_data(title="Nytt", slug="nytt"),
    )
    assert "Välj minst en av dina kommuner" in response.content.decode()


def test_a_scoped_editor_can_change_a_shared_programme_without_touching_the_other_place(
    client, places, ale_editor
):
    ale, gavle = places
    programme = make_programme(municipalities=[ale, gavle], is_published=False)
    response = client.post(change_url(programme), programme_form_data(programme, title="Ny titel"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Ny titel"
    assert set(programme.municipalities.all()) == {ale, gavle}


def test_a_scoped_editor_is_offered_only_their_municipalities(client, places, ale_editor):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "programmes",
            "model_name": "programme",
            "field_name": "municipalities",
            "term": "",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Ale"]


def test_an_unscoped_editor_sees_and_is_offered_everything(client, places):
    ale, gavle = places
    make_programme(municipalities=[gavle])
    make_programme(municipalities=[ale])
    client.force_login(make_staff("ulla"))
    response = client.get("/admin/programmes/programme/")
    assert len(response.context["cl"].result_list) == 2
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "programmes", "model_name": "programme", "field_name": "municipalities"},
    )
    assert sorted(r["text"] for r in response.json()["results"]) == ["Ale", "Gävle"]


def test_an_editor_cannot_delete_a_region_or_municipality(client, places, ale_editor):
    ale, _ = places
    region = ale.region
    assert client.get(f"/admin/municipalities/region/{region.pk}/delete/").status_code == 403
    assert client.post(
        f"/admin/municipalities/region/{region.pk}/delete/", {"post": "yes"}
    ).status_code == 403
    assert client.post(
        f"/admin/municipalities/municipality/{ale.pk}/delete/", {"post": "yes"}
    ).status_code == 403
    assert Region.objects.filter(pk=region.pk).exists()
    # Reference data is view-only for editors.
    response = client.get(f"/admin/municipalities/region/{region.pk}/change/")
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()


def test_an_editor_cannot_manage_users_or_delete_programmes(client, places, ale_editor):
    ale, _ = places
    programme = make_programme(municipalities=[ale])
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get(f"/admin/programmes/programme/{programme.pk}/delete/").status_code == 403


@pytest.mark.parametrize("model", ["programme", "organisation", "contact", "source"])
def test_an_editor_may_add_programmes_organisations_contacts_and_sources(
    client, ale_editor, model
):
    assert client.get(f"/admin/programmes/{model}/add/").status_code == 200


def test_an_administrator_may_delete_a_region_and_manage_users(client):
    region = make_region(make_country("DK"), name="Region Test", slug="region-test")
    client.force_login(make_staff("ada", role=ADMINISTRATORS))
    response = client.post(f"/admin/municipalities/region/{region.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    assert client.get("/admin/auth/user/").status_code == 200


def test_an_administrator_limits_an_editor_on_the_user_page(client, places):
    ale, _ = places
    editor = make_staff("nils")
    client.force_login(make_staff("ada", role=ADMINISTRATORS))
    page = client.get(f"/admin/auth/user/{editor.pk}/change/").content.decode()
    assert "begränsa till kommuner (valfritt)" in page.lower()


@pytest.mark.parametrize("object_id", ["abc", "999999", "99999999999999999999999"])
def test_a_missing_or_malformed_programme_id_is_not_an_error(client, ale_editor, object_id):
    response = client.get(f"/admin/programmes/programme/{object_id}/change/", follow=True)
    assert response.status_code == 200
    assert "finns inte" in response.content.decode()
