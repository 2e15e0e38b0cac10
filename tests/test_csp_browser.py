"""The Content-Security-Policy holds in Chromium: no page type, the admin included, breaks it.

Every violation of the policy fires a ``securitypolicyviolation`` event (and a console
message); a listener installed before any page script records them.
"""

import pytest
from django.urls import reverse

from programmes.models import Participation
from tests.factories import (
    make_contact,
    make_municipality,
    make_organisation,
    make_programme,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${where}`);
});
"""


@pytest.fixture
def watched_page(browser, browser_context_args):
    """A page in a context of its own that enforces the CSP whatever the suite's defaults, with
    violations and console messages recorded from the first script on."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    yield page
    context.close()


def visit(page, url):
    response = page.goto(url, wait_until="load")
    assert response.status < 500, url
    assert "object-src 'none'" in response.headers["content-security-policy"], url
    violations = page.evaluate("window.__cspViolations")
    console = [m for m in page.console_messages if "Content Security Policy" in m]
    return response.status, violations + console


@pytest.fixture
def catalogue(transactional_db):
    municipality = make_municipality()
    organisation = make_organisation()
    programme = make_programme(
        municipalities=[municipality],
        themes=[make_theme()],
        target_groups=[make_target_group()],
        contacts=[make_contact(organisation=organisation)],
        partners=[(organisation, Participation.Role.LEAD)],
        source=make_source(),
    )
    return programme, municipality, organisation


def test_public_pages_keep_the_policy(watched_page, live_server, catalogue):
    programme, municipality, organisation = catalogue
    paths = [
        "/",
        "/en/",
        "/programmes/",
        "/programmes/?page=1",
        programme.get_absolute_url(),
        programme.themes.get().get_absolute_url(),
        organisation.get_absolute_url(),
        municipality.get_absolute_url(),
        municipality.region.get_absolute_url(),
        reverse("programmes:partner_list"),
        reverse("municipalities:municipality_list"),
        reverse("about"),
        reverse("accessibility"),
        "/no-such-page/",
    ]
    found = {path: visit(watched_page, live_server.url + path) for path in paths}
    assert found["/no-such-page/"][0] == 404
    assert {path: problems for path, (_, problems) in found.items() if problems} == {}


def test_the_admin_keeps_the_policy(watched_page, live_server, catalogue, client, admin_user):
    programme, _, _ = catalogue
    found = {"login": visit(watched_page, live_server.url + reverse("admin:login"))}

    client.force_login(admin_user)
    watched_page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    ])
    paths = {
        "index": reverse("admin:index"),
        "changelist": reverse("admin:programmes_programme_changelist"),
        "search": reverse("admin:programmes_programme_changelist") + "?q=Program",
        "change form": reverse("admin:programmes_programme_change", args=[programme.pk]),
        "add form": reverse("admin:programmes_programme_add"),
        "user change form": reverse("admin:auth_user_change", args=[admin_user.pk]),
    }
    for name, path in paths.items():
        found[name] = visit(watched_page, live_server.url + path)
    assert all(status == 200 for status, _ in found.values()), found
    assert {name: problems for name, (_, problems) in found.items() if problems} == {}


def test_an_inline_script_is_blocked_and_reported(watched_page, live_server, transactional_db):
    # Proof that the checks above can fail: the policy is enforced and violations are seen.
    visit(watched_page, live_server.url + "/")
    watched_page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.append(script);
    }""")
    watched_page.wait_for_function("window.__cspViolations.length > 0")
    assert watched_page.evaluate("window.inlineRan") is None
    assert watched_page.evaluate("window.__cspViolations")[0].startswith("script-src")
