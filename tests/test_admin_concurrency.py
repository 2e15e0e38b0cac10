"""No lost updates: two editors save the same programme from the same starting version."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from programmes.admin import ProgrammeAdmin
from programmes.models import Participation, Programme
from tests.admin_forms import programme_form_data
from tests.admin_helpers import make_places, make_staff
from tests.factories import make_organisation, make_programme


def change_url(programme):
    return f"/admin/programmes/programme/{programme.pk}/change/"


@pytest.mark.django_db
def test_the_second_save_from_the_same_version_is_refused_and_the_first_kept(client):
    ale, gavle = make_places()
    programme = make_programme(title="Ursprunglig", municipalities=[ale], is_published=False)
    anna = make_staff("anna")
    bo = make_staff("bo")
    # Both open the programme: both forms carry version 1.
    opened = programme_form_data(programme)
    assert opened["loaded_version"] == 1

    client.force_login(anna)
    first = dict(opened, title="Annas titel", summary="Annas sammanfattning.")
    assert client.post(change_url(programme), first).status_code == 302

    client.force_login(bo)
    partner = make_organisation(name="Bos partner")
    second = programme_form_data(
        programme, title="Bos titel", partners=[(partner, Participation.Role.PARTNER)]
    )
    second["loaded_version"] = opened["loaded_version"]
    response = client.post(change_url(programme), second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna sparade det här programmet" in html
    assert "Dina ändringar har inte sparats" in html
    # Bo's form is shown again with his text, so nothing he typed is lost either.
    assert 'value="Bos titel"' in html
    programme.refresh_from_db()
    assert programme.title == "Annas titel"
    assert programme.summary == "Annas sammanfattning."
    assert programme.version == 2
    assert not programme.participations.exists()


@pytest.mark.django_db
def test_a_bulk_action_also_makes_an_open_form_stale(client):
    programme = make_programme(is_published=True)
    editor = make_staff("eva")
    client.force_login(editor)
    opened = programme_form_data(programme)
    client.post(
        "/admin/programmes/programme/",
        {"action": "unpublish", "_selected_action": [programme.pk]},
    )
    response = client.post(change_url(programme), dict(opened, title="Sent"))
    assert response.status_code == 200
    assert "Eva sparade det här programmet" in response.content.decode()
    programme.refresh_from_db()
    assert programme.title != "Sent" and not programme.is_published


@pytest.mark.django_db
def test_saving_again_after_reopening_works(client):
    programme = make_programme(is_published=False)
    client.force_login(make_staff("eva"))
    assert client.post(change_url(programme), programme_form_data(programme)).status_code == 302
    programme.refresh_from_db()
    response = client.post(change_url(programme), programme_form_data(programme, title="Ny"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.version) == ("Ny", 3)


@pytest.mark.django_db(transaction=True)
def test_a_save_in_progress_locks_the_programme_against_a_parallel_save():
    """The version check and the write cannot be interleaved by another save."""
    programme = make_programme()
    editor = make_staff("eva", superuser=True)
    request = RequestFactory().post(change_url(programme))
    request.user = editor
    model_admin = ProgrammeAdmin(Programme, admin_site=None)
    outcome = {}

    def parallel_save():
        try:
            with transaction.atomic():
                Programme.objects.select_for_update(nowait=True).get(pk=programme.pk)
            outcome["locked"] = False
        except DatabaseError:
            outcome["locked"] = True
        finally:
            connection.close()

    with transaction.atomic():
        assert model_admin.get_object(request, str(programme.pk)) == programme
        thread = threading.Thread(target=parallel_save)
        thread.start()
        thread.join()
    assert outcome == {"locked": True}
