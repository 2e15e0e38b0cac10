"""Editing programmes in the admin: search, filters, bulk actions, validation, history, drafts."""

import datetime
import json

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.utils import timezone

from programmes.models import Participation, Programme, Status
from tests.admin_forms import programme_form_data
from tests.admin_helpers import make_places, make_staff
from tests.factories import (
    make_contact,
    make_country,
    make_organisation,
    make_programme,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/programmes/programme/"
ADD = "/admin/programmes/programme/add/"


def change_url(programme):
    return f"/admin/programmes/programme/{programme.pk}/change/"


@pytest.fixture
def editor(client):
    user = make_staff("eva")
    client.force_login(user)
    return user


@pytest.fixture
def places():
    return make_places()


def complete_programme(municipality, **fields):
    """A programme with everything publishing asks for."""
    return make_programme(
        municipalities=[municipality],
        themes=[make_theme()],
        target_groups=[make_target_group()],
        source=make_source(),
        **fields,
    )


def listed_titles(response):
    return [row.title for row in response.context["cl"].result_list]


# --- Finding things ---------------------------------------------------------------------------


def test_search_finds_programmes_by_title_municipality_and_organisation(client, editor, places):
    ale, gavle = places
    by_title = make_programme(title="Hälsosamt åldrande")
    in_ale = make_programme(title="Ledarskap", municipalities=[ale])
    partner = make_organisation(name="Folkhälsomyndigheten")
    with_partner = make_programme(
        title="Nationellt nätverk", partners=[(partner, Participation.Role.PARTNER)]
    )
    make_programme(title="Annat", municipalities=[gavle])

    assert listed_titles(client.get(CHANGELIST, {"q": "åldrande"})) == [by_title.title]
    assert listed_titles(client.get(CHANGELIST, {"q": "Ale"})) == [in_ale.title]
    assert listed_titles(client.get(CHANGELIST, {"q": "folkhälso"})) == [with_partner.title]


def test_a_programme_in_two_matching_municipalities_is_listed_once(client, editor, places):
    make_programme(title="Gemensamt", municipalities=list(places))
    # "e" is in both Ale and Gävle
    assert listed_titles(client.get(CHANGELIST, {"q": "e"})) == ["Gemensamt"]


def test_filters_by_country_region_theme_status_and_published(client, editor, places):
    ale, gavle = places
    theme = make_theme(name_sv="Ledarskap")
    in_ale = make_programme(
        title="Ale", municipalities=[ale], themes=[theme], status=Status.ONGOING
    )
    in_gavle = make_programme(title="Gävle", municipalities=[gavle], is_published=False)
    denmark = make_country("DK")

    def titles(**params):
        return sorted(listed_titles(client.get(CHANGELIST, params)))

    assert titles(municipalities__country__id__exact=ale.country_id) == ["Ale", "Gävle"]
    assert titles(municipalities__country__id__exact=denmark.pk) == []
    assert titles(municipalities__region__id__exact=gavle.region_id) == ["Gävle"]
    assert titles(themes__id__exact=theme.pk) == ["Ale"]
    assert titles(status__exact="ongoing") == [in_ale.title]
    assert titles(is_published__exact="0") == [in_gavle.title]


def test_filters_for_missing_source_contact_and_stale_verification(client, editor, places):
    ale, _ = places
    today = timezone.localdate()
    complete_programme(
        ale, title="Komplett", contacts=[make_contact()], last_verified=today
    )
    make_programme(title="Utan källa", last_verified=today - datetime.timedelta(days=800))
    make_programme(title="Aldrig kontrollerad", source=make_source(), last_verified=None)

    def titles(**params):
        return sorted(listed_titles(client.get(CHANGELIST, params)))

    assert titles(source="no") == ["Utan källa"]
    assert titles(source="yes") == ["Aldrig kontrollerad", "Komplett"]
    assert titles(contact="no") == ["Aldrig kontrollerad", "Utan källa"]
    assert titles(contact="yes") == ["Komplett"]
    assert titles(verified="stale") == ["Aldrig kontrollerad", "Utan källa"]
    assert titles(verified="recent") == ["Komplett"]


def test_changelist_shows_municipalities_and_missing_sources(client, editor, places):
    ale, gavle = places
    make_programme(title="Gemensamt", municipalities=[ale, gavle])
    html = client.get(CHANGELIST).content.decode()
    assert "Ale, Gävle" in html
    assert 'alt="False"' in html  # the "source" column's no-icon


def test_changelist_is_in_swedish(client, editor):
    html = client.get(CHANGELIST).content.decode()
    assert '<html lang="sv"' in html
    assert "Välj program att ändra" in html
    assert "har ingen källa" in html


# --- Bulk actions -----------------------------------------------------------------------------


def run_action(client, action, programmes):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [p.pk for p in programmes]},
        follow=True,
    )


def test_publish_action_publishes_complete_drafts_and_logs_each(client, editor, places):
    ale, _ = places
    ready = complete_programme(ale, title="Klar", is_published=False)
    unready = make_programme(title="Halvfärdig", is_published=False)

    response = run_action(client, "publish", [ready, unready])

    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.is_published and ready.version == 2
    assert not unready.is_published and unready.version == 1
    html = response.content.decode()
    assert "Publicerade 1 program." in html
    assert "Halvfärdig" in html
    entry = LogEntry.objects.get(object_id=str(ready.pk))
    assert entry.user == editor and entry.action_flag == CHANGE
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["publicerad"]}}]
    assert not LogEntry.objects.filter(object_id=str(unready.pk)).exists()


def test_unpublish_and_mark_completed_log_every_programme(client, editor):
    programmes = [make_programme(status=Status.ONGOING) for _ in range(3)]

    run_action(client, "unpublish", programmes)
    run_action(client, "mark_completed", programmes)

    assert not Programme.objects.filter(is_published=True).exists()
    assert set(Programme.objects.values_list("status", flat=True)) == {Status.COMPLETED}
    assert LogEntry.objects.filter(user=editor, action_flag=CHANGE).count() == 6
    history = client.get(f"/admin/programmes/programme/{programmes[0].pk}/history/")
    assert "Ändrade status." in history.content.decode()


# --- Drafts, preview and publishing from the form ---------------------------------------------


def test_a_new_programme_is_a_draft_that_staff_can_preview(client, editor, places):
    ale, _ = places
    data = programme_form_data(title="Nytt program", slug="nytt-program", municipalities=[ale.pk])
    response = client.post(ADD, data)
    assert response.status_code == 302
    programme = Programme.objects.get(slug="nytt-program")
    assert not programme.is_published
    assert LogEntry.objects.get(object_id=str(programme.pk)).action_flag == ADDITION

    change_form = client.get(change_url(programme)).content.decode()
    assert 'class="viewsitelink"' in change_form
    preview = client.get(programme.get_absolute_url())
    assert preview.status_code == 200 and "Nytt program" in preview.content.decode()
    client.logout()
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_publishing_with_everything_in_the_same_save(client, editor, places):
    ale, _ = places
    draft = make_programme(title="Utkast", is_published=False)
    host = make_organisation()
    source = make_source()
    data = programme_form_data(
        draft,
        is_published=True,
        themes=[make_theme().pk],
        target_groups=[make_target_group().pk],
        partners=[(host, Participation.Role.HOST)],
        citations=[(source, "Programmet leds av kommunen.")],
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    draft.refresh_from_db()
    assert draft.is_published and draft.version == 2
    assert draft.citations.get().quote == "Programmet leds av kommunen."
    client.logout()
    assert client.get("/programmes/").content.decode().count("Utkast") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"themes": []}, "Ett publicerat program behöver minst ett tema."),
        ({"target_groups": []}, "Ett publicerat program behöver minst en målgrupp."),
        ({"citations": []}, "Ett publicerat program behöver minst en källa med citat."),
        (
            {"municipalities": [], "partners": []},
            "Ett publicerat program behöver minst en kommun eller en värd- eller "
            "huvudorganisation.",
        ),
    ],
)
def test_publishing_checks_the_submitted_data(client, editor, places, change, message):
    ale, _ = places
    programme = complete_programme(ale, is_published=False)
    data = programme_form_data(programme, is_published=True, **change)
    response = client.post(change_url(programme), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    programme.refresh_from_db()
    assert not programme.is_published and programme.version == 1
    assert programme.citations.count() == 1


def test_a_host_organisation_is_enough_instead_of_a_municipality(client, editor, places):
    ale, _ = places
    programme = complete_programme(ale, is_published=False)
    data = programme_form_data(
        programme,
        is_published=True,
        municipalities=[],
        partners=[(make_organisation(), Participation.Role.LEAD)],
    )
    assert client.post(change_url(programme), data).status_code == 302
    programme.refresh_from_db()
    assert programme.is_published and not programme.municipalities.exists()


# --- Validation never saves half a programme --------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_year": 2020, "end_year": 2019}, "Slutåret kan inte vara före startåret."),
        ({"title": ""}, "Detta fält måste fyllas i."),
        ({"start_year": "tjugo"}, "Fyll i ett heltal."),
        ({"municipalities": ["inte-ett-id"]}, "är inte ett giltigt värde"),
        ({"parent": 999999}, "Välj ett giltigt alternativ"),
    ],
)
def test_invalid_programme_data_is_refused_and_nothing_is_saved(
    client, editor, places, change, message
):
    ale, _ = places
    programme = complete_programme(ale, title="Före", is_published=False)
    new_source = make_source()
    data = programme_form_data(
        programme,
        title=change.pop("title", "Efter"),
        citations=[(new_source, "Ett nytt citat.")],
        **change,
    )
    response = client.post(change_url(programme), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    programme.refresh_from_db()
    assert programme.title == "Före" and programme.version == 1
    assert list(programme.sources.all()) != [new_source]


def test_an_invalid_partner_row_keeps_the_programme_unchanged(client, editor, places):
    ale, _ = places
    programme = complete_programme(ale, title="Före")
    organisation = make_organisation()
    data = programme_form_data(
        programme,
        title="Efter",
        partners=[(organisation, Participation.Role.HOST), (organisation, Participation.Role.HOST)],
    )
    response = client.post(change_url(programme), data)
    assert response.status_code == 200
    assert "Korrigera duplikatdata" in response.content.decode()
    programme.refresh_from_db()
    assert programme.title == "Före" and not programme.participations.exists()


def test_garbage_in_the_inline_management_form_is_a_clear_error_not_a_500(client, editor):
    programme = make_programme()
    data = programme_form_data(programme)
    data["participations-TOTAL_FORMS"] = "många"
    response = client.post(change_url(programme), data)
    assert response.status_code == 200
    assert "(Gömt fält TOTAL_FORMS) Fyll i ett heltal." in response.content.decode()
    programme.refresh_from_db()
    assert programme.version == 1


# --- History ----------------------------------------------------------------------------------


def test_a_save_is_in_the_history_with_who_and_what(client, editor, places):
    ale, _ = places
    programme = complete_programme(ale)
    client.post(change_url(programme), programme_form_data(programme, summary="Ny sammanfattning."))
    entry = LogEntry.objects.get(object_id=str(programme.pk))
    assert entry.user == editor
    history = client.get(f"/admin/programmes/programme/{programme.pk}/history/").content.decode()
    assert "<td>eva (Eva)</td>" in history
    assert "<td>Ändrade Översikt.</td>" in history  # "summary" is "översikt" in Swedish
