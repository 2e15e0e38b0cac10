"""Response headers of the real server (gunicorn + whitenoise) with production settings.

The server runs with HTTPS on, as in production, behind a pretend TLS-terminating proxy: the
requests come from 127.0.0.1 (in gunicorn's FORWARDED_ALLOW_IPS) with X-Forwarded-Proto.
"""

import http.client
import re
from urllib.parse import urlsplit

import pytest

from tests.deploy_helpers import collect_static
from tests.servers import gunicorn

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
# On every response, pages and static files alike.
EVERYWHERE = {
    "Content-Security-Policy": CSP,
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PROXIED_HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup, django_db_blocker):
    static_root = collect_static(tmp_path_factory.mktemp("static"))
    env = {
        "HTTPS": "true",
        "STATIC_ROOT": str(static_root),
        "SECURITY_CONTACT": "security@example.se",
        "SECURITY_TXT_EXPIRES": "2027-06-30",
    }
    with django_db_blocker.unblock(), gunicorn(env) as base_url:
        yield base_url


def fetch(base_url, path, headers=None, method="GET"):
    """One request, redirects not followed: (status, headers, body)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers={**PROXIED_HTTPS, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def assert_security_headers(headers):
    for name, value in EVERYWHERE.items():
        assert headers.get_all(name) == [value], name


@pytest.mark.django_db
def test_a_public_page_has_exactly_the_intended_headers_and_no_cookie(server):
    status, headers, body = fetch(server, "/")
    assert status == 200
    assert_security_headers(headers)
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Language"] == "sv"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert headers.get_all("Set-Cookie") is None  # anonymous visitors get no cookie at all
    assert b"<script>" not in body and b" style=" not in body  # nothing the CSP would block


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(server):
    status, headers, _ = fetch(server, "/programmes/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["Location"].startswith("https://") and headers["Location"].endswith(
        "/programmes/"
    )


@pytest.mark.django_db
def test_the_admin_login_page_sets_only_secure_http_only_same_site_cookies(server):
    status, headers, _ = fetch(server, "/admin/login/")
    assert status == 200
    assert_security_headers(headers)
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    cookies = headers.get_all("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("csrftoken=")
    attributes = {part.strip().split("=")[0] for part in cookies[0].split(";")[1:]}
    assert {"Secure", "HttpOnly", "SameSite", "Path"} <= attributes
    assert "SameSite=Lax" in cookies[0]


@pytest.mark.django_db
def test_hashed_static_files_are_immutable_for_a_long_time_and_compressed(server):
    _, _, html = fetch(server, "/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1).decode()

    status, headers, _ = fetch(server, css, headers={"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert headers["Content-Encoding"] == "br"
    assert headers["Vary"] == "Accept-Encoding"
    assert_security_headers(headers)

    _, gzipped, _ = fetch(server, css, headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    _, plain, body = fetch(server, css)
    assert "Content-Encoding" not in plain and b"--accent" in body


@pytest.mark.django_db
def test_robots_and_security_txt(server):
    status, headers, body = fetch(server, "/robots.txt")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.decode() == "User-agent: *\nDisallow: /admin/\n"

    status, headers, body = fetch(server, "/.well-known/security.txt")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    port = urlsplit(server).port
    assert body.decode() == (
        "Contact: mailto:security@example.se\n"
        "Expires: 2027-06-30T00:00:00Z\n"
        "Preferred-Languages: sv, da, en\n"
        f"Canonical: https://127.0.0.1:{port}/.well-known/security.txt\n"
    )


@pytest.mark.django_db
def test_the_favicon_address_browsers_guess_is_not_a_dead_end(server):
    status, headers, _ = fetch(server, "/favicon.ico")
    if status == 302:  # to the hashed SVG icon, which exists
        icon_status, icon_headers, _ = fetch(server, headers["Location"])
        assert icon_status == 200 and icon_headers["Content-Type"] == "image/svg+xml"
    else:  # static/favicon.svg is not in this checkout: a clean 404, not a 500
        assert status == 404


@pytest.mark.django_db
def test_a_proxy_request_id_is_echoed_and_a_malformed_one_replaced(server):
    _, headers, _ = fetch(server, "/robots.txt", headers={"X-Request-ID": "f3a9c2d1e4b5a6978"})
    assert headers["X-Request-ID"] == "f3a9c2d1e4b5a6978"
    _, headers, _ = fetch(server, "/robots.txt", headers={"X-Request-ID": "x\"}; evil"})
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
