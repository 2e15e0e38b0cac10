"""Login protection (django-axes) and the admin's language."""

import pytest

from tests.admin_helpers import PASSWORD, make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def log_in(client, password, address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": "eva", "password": password}, REMOTE_ADDR=address
    )


def test_the_admin_speaks_swedish_by_default(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="sv"' in html
    assert "Användarnamn" in html and "Logga in" in html


def test_createsuperuser_makes_a_user_who_can_log_in(client):
    from django.core.management import call_command

    call_command(
        "createsuperuser", username="chef", email="chef@example.se", interactive=False,
        verbosity=0,
    )
    from django.contrib.auth.models import User

    user = User.objects.get(username="chef")
    user.set_password(PASSWORD)
    user.save()
    response = client.post(LOGIN, {"username": "chef", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_repeated_failed_logins_from_one_address_lock_it_out(client, settings):
    settings.AXES_ENABLED = True
    make_staff("eva")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "fel")
        assert response.status_code == 200
        assert "Ange användarnamn och lösenord för ett personalkonto." in response.content.decode()

    response = log_in(client, "fel")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "För många misslyckade inloggningar" in html
    assert "spärrad i 15 minuter" in html

    # Even the right password is refused from that address for now...
    assert log_in(client, PASSWORD).status_code == 429
    # ...but not from another one.
    response = log_in(client, PASSWORD, address="192.0.2.99")
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, settings):
    settings.AXES_ENABLED = True
    make_staff("eva")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "fel")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "fel").status_code == 200
