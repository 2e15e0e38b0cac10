"""axe-core audits (WCAG 2.0/2.1 A and AA) of every page type this part of the site owns."""

import pytest

from tests.axe import axe_violations
from tests.factories import make_organisation, make_programme, make_source
from tests.site_data import make_catalogue, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PAGES = [
    "/",
    "/en/",
    "/da/",
    "/municipalities/",
    "/municipalities/?country=DK&region=nope",
    "/municipalities/malmo/",
    "/en/municipalities/stockholm/",
    "/regions/skane-lan/",
    "/da/regions/region-hovedstaden/",
    "/om/",
    "/en/tillganglighet/",
    "/da/tillganglighet/",
    "/no-such-page/",
]


# On a phone the layout reflows; contrast and names must hold there too.
NARROW_PAGES = ["/", "/municipalities/", "/regions/skane-lan/", "/tillganglighet/"]


@pytest.mark.parametrize(("width", "paths"), [(1280, PAGES), (320, NARROW_PAGES)])
def test_site_pages_have_no_axe_violations(live_server, page, width, paths):
    make_catalogue(make_site())
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_programme_pages_have_no_axe_violations(live_server, page):
    """The list/detail/theme/partner pages (built elsewhere) inside this site shell."""
    site = make_site()
    catalogue = make_catalogue(site)
    partner = make_organisation(name="Region Skåne", slug="region-skane")
    make_programme(
        title="Samverkan",
        slug="samverkan",
        municipalities=[site.lund],
        themes=[catalogue["leadership"]],
        partners=[(partner, "partner")],
        source=make_source(),
    )
    paths = [
        "/programmes/",
        "/programmes/?region=skane-lan&theme=barn-och-unga",
        "/en/programmes/?q=skane",
        "/programmes/samverkan/",
        "/da/programmes/sund-by/",
        "/themes/barn-och-unga/",
        "/partners/region-skane/",
    ]
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
