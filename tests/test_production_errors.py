"""Friendly error pages in the site's design and language; never a traceback."""

import pytest
from django.db import OperationalError

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


@pytest.fixture
def quiet_client(client):
    """A client that gets the error page, as a browser would, instead of the exception."""
    client.raise_request_exception = False
    return client


def test_a_missing_page_is_a_404_in_the_site_design_and_language(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Sidan finns inte</h1>" in html
    assert 'class="site-header"' in html  # base.html: the site's header and navigation
    assert '<meta name="robots" content="noindex">' in html

    english = client.get("/en/no-such-page/").content.decode()
    assert '<html lang="en">' in english and "<h1>Page not found</h1>" in english


def test_a_crash_is_a_friendly_500_without_a_traceback(quiet_client):
    response = quiet_client.get("/test/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Något gick fel</h1>" in html
    assert "/static/css/site" in html  # still in the site's design
    assert "Traceback" not in html and "a bug in a view" not in html and "RuntimeError" not in html


def test_a_database_outage_in_a_view_is_a_503_with_retry_after(quiet_client):
    response = quiet_client.get("/test/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<h1>Tillfälligt otillgänglig</h1>" in html
    assert "socket" not in html and "Traceback" not in html


class DatabaseDownMiddleware:
    """Fails like SessionMiddleware saving a session while the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("server closed the connection unexpectedly")


def test_a_database_outage_outside_a_view_is_a_503_too(quiet_client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:4], "tests.test_production_errors.DatabaseDownMiddleware",
        *settings.MIDDLEWARE[4:],
    ]
    response = quiet_client.get("/robots.txt")
    assert response.status_code == 503
    assert "<h1>Tillfälligt otillgänglig</h1>" in response.content.decode()


def test_a_refused_host_is_a_friendly_400(quiet_client):
    response = quiet_client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Felaktig förfrågan</h1>" in html
    assert "attacker.example" not in html


def test_permission_denied_is_a_friendly_403(quiet_client):
    response = quiet_client.get("/test/forbidden/")
    assert response.status_code == 403
    assert "<h1>Åtkomst nekad</h1>" in response.content.decode()


def test_a_failed_csrf_check_explains_what_to_do(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Formuläret kunde inte skickas</h1>" in html
    assert "kakor" in html  # the likely cause, in plain words
