"""Structured logs: a JSON line per request, errors with context, and never a secret."""

import http.cookiejar
import json
import logging
import re
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.logging import JsonFormatter, RequestContextFilter, redact_query, scrub
from tests.deploy_helpers import collect_static
from tests.factories import make_programme
from tests.servers import gunicorn

PASSWORD = "Correct-Horse-Battery-42"
WRONG_PASSWORD = "Wrong-Password-Typed-99"


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestContextFilter())

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    """Every log line written during the test, formatted as on stdout."""
    handler = ListHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)


def records(lines, logger=None):
    parsed = [json.loads(line) for line in lines]
    return [r for r in parsed if logger is None or r["logger"] == logger]


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("postgresql://catalogue:s3cr3t-pw@db.example:5432/catalogue", "s3cr3t-pw", "db.example"),
        ("POST password=hunter2&username=anna", "hunter2", "username=anna"),
        ("<QueryDict: {'username': ['anna'], 'password': ['hunter2']}>", "hunter2", "'anna'"),
        ('{"new_password1": "hunter2", "q": "park"}', "hunter2", '"park"'),
        ("'HTTP_COOKIE': 'csrftoken=abc123def; sessionid=9f8e7d6c'", "9f8e7d6c", "HTTP_COOKIE"),
        ("'HTTP_COOKIE': 'csrftoken=abc123def; sessionid=9f8e7d6c'", "abc123def", "HTTP_COOKIE"),
        ("Authorization: Bearer eyJhbGciOi.payload", "eyJhbGciOi", "Authorization"),
        ("connect(password='hunter2', host='x')", "hunter2", "host='x'"),
        ("GET /sv/programmes/?q=park&api_key=k-123456", "k-123456", "q=park"),
    ],
)
def test_the_scrubber_removes_secrets_and_keeps_the_rest(text, secret, kept):
    scrubbed = scrub(text)
    assert secret not in scrubbed
    assert "[redacted]" in scrubbed
    assert kept in scrubbed


def test_the_scrubber_leaves_ordinary_text_alone():
    text = "GET /admin/auth/user/3/change/ 200 (author: Anna, theme=sessions-for-parents)"
    assert scrub(text) == text


def test_the_secret_key_itself_is_scrubbed(settings):
    settings.SECRET_KEY = "a-very-secret-key-that-leaked-into-a-message"
    assert scrub(f"boom: {settings.SECRET_KEY}!") == "boom: [redacted]!"


def test_query_strings_keep_searches_and_lose_tokens():
    assert redact_query("q=park&page=2&token=abc&csrfmiddlewaretoken=x") == (
        "q=park&page=2&token=[redacted]&csrfmiddlewaretoken=[redacted]"
    )


@pytest.mark.django_db
def test_a_request_is_one_line_with_id_status_duration_and_query_count(client, log_lines):
    make_programme(is_published=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/programmes/?q=park&token=abc123", HTTP_X_REQUEST_ID="proxy-id-0123456789"
        )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    [line] = records(log_lines, "catalogue.request")
    assert line["level"] == "INFO"
    assert line["message"] == "GET /programmes/ 200"
    assert line["request_id"] == "proxy-id-0123456789"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/programmes/", 200)
    assert line["query"] == "q=park&token=[redacted]"
    assert line["db_queries"] == len(queries) > 0
    assert 0 < line["duration_ms"] < 5000
    assert line["user_id"] is None


@pytest.mark.django_db
def test_the_request_line_names_the_signed_in_user(admin_client, admin_user, log_lines):
    admin_client.get("/admin/")
    [line] = records(log_lines, "catalogue.request")
    assert line["user_id"] == admin_user.pk


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_an_error_is_logged_with_traceback_and_context_but_no_secrets(client, log_lines):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "s3ss10n1d0fth3v1ct1m"
    response = client.post(
        "/test/crash-with-secrets/?q=park",
        {"username": "anna", "password": PASSWORD, "csrfmiddlewaretoken": "tok3n-v4lu3-xyz"},
        HTTP_AUTHORIZATION="Bearer b34r3r-t0k3n",
        HTTP_X_REQUEST_ID="error-request-0001",
    )
    assert response.status_code == 500

    [error] = [r for r in records(log_lines) if r["level"] == "ERROR" and "traceback" in r]
    assert error["exception"] == "ValueError"
    assert "crash_with_secrets_in_the_message" in error["traceback"]
    assert error["request_id"] == "error-request-0001"
    assert error["request"]["method"] == "POST"
    assert error["request"]["path"] == "/test/crash-with-secrets/"
    assert error["request"]["form"] == {
        "username": ["anna"], "password": "[redacted]", "csrfmiddlewaretoken": "[redacted]",
    }
    [request_line] = records(log_lines, "catalogue.request")
    assert request_line["status"] == 500 and request_line["level"] == "ERROR"
    everything = "\n".join(log_lines)
    for secret in (PASSWORD, "s3ss10n1d0fth3v1ct1m", "tok3n-v4lu3-xyz", "b34r3r-t0k3n"):
        assert secret not in everything


@pytest.mark.django_db(transaction=True)
def test_signing_in_through_gunicorn_leaves_no_secret_in_any_log_line(settings, tmp_path):
    # The server hashes with PBKDF2 (the tests' own fast hasher is not in its settings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    get_user_model().objects.create_superuser("editor", "editor@example.se", PASSWORD)

    log = []
    static_root = collect_static(tmp_path / "static")
    with gunicorn({"STATIC_ROOT": str(static_root)}, log=log) as base_url:
        cookies = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

        def sign_in(password):
            form = browser.open(base_url + "/admin/login/").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            data = urllib.parse.urlencode({
                "csrfmiddlewaretoken": token, "username": "editor", "password": password,
                "next": "/admin/",
            }).encode()
            with browser.open(base_url + "/admin/login/?next=/admin/", data=data) as response:
                return token, response.geturl(), response.read().decode()

        form_token, url, _ = sign_in(WRONG_PASSWORD)
        assert url.endswith("/admin/login/?next=/admin/")
        form_token2, url, page = sign_in(PASSWORD)
        assert url.endswith("/admin/") and "editor" in page
        browser.open(base_url + "/programmes/?q=park&token=t0k3n-in-a-query").read()
        jar = {cookie.name: cookie.value for cookie in cookies}

    assert {"sessionid", "csrftoken"} <= set(jar)
    lines = [line for line in log if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is JSON
    app = [r for r in parsed if r["logger"] == "catalogue.request"]
    access = [r for r in parsed if r["logger"] == "gunicorn.access"]
    assert len(app) == len(access) >= 6
    assert [r["request_id"] for r in app] == [r["request_id"] for r in access]
    signed_in = [r for r in app if r["path"] == "/programmes/"]
    assert signed_in[0]["user_id"] is not None

    secrets = [PASSWORD, WRONG_PASSWORD, jar["sessionid"], jar["csrftoken"], form_token,
               form_token2, "t0k3n-in-a-query", "end-to-end-test-key"]
    for line in lines:
        for secret in secrets:
            assert secret not in line
