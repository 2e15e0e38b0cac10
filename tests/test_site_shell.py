"""What every page gets from base.html, checked on each page type this part of the site owns."""

import re

import pytest

from tests.site_data import make_catalogue, make_site

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/municipalities/",
    "/municipalities/malmo/",
    "/regions/skane-lan/",
    "/om/",
    "/en/tillganglighet/",
    "/da/no-such-page/",
]


@pytest.fixture
def pages(client):
    make_catalogue(make_site())
    return {path: client.get(path).content.decode() for path in PAGES}


def test_landmarks_skip_link_and_one_h1(pages):
    for path, html in pages.items():
        assert html.count("<main ") == 1, path
        assert '<a class="skip-link" href="#main">' in html, path
        assert '<main id="main" tabindex="-1">' in html, path
        assert html.count("<header ") == 1 and html.count("<footer ") == 1, path
        assert len(re.findall(r"<h1[ >]", html)) == 1, path
        # Every <nav> is named, so screen-reader users can tell them apart.
        for nav in re.findall(r"<nav[^>]*>", html):
            assert "aria-label=" in nav, (path, nav)


def test_headings_do_not_skip_levels(pages):
    for path, html in pages.items():
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (path, levels)


def test_titles_and_descriptions_are_specific(pages):
    seen = set()
    for path, html in pages.items():
        title = re.search(r"<title>([^<]+)</title>", html).group(1)
        description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
        assert title.strip() and description.strip(), path
        seen.add(title)
    assert len(seen) == len(PAGES)


def test_nothing_inline_that_the_content_security_policy_would_block(pages):
    for path, html in pages.items():
        assert " style=" not in html, path
        assert "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_header_search_is_labelled_and_sends_q_to_the_programme_list(pages):
    html = pages["/en/tillganglighet/"]
    assert re.search(
        r'<form class="site-search" role="search" method="get" action="/en/programmes/">\s*'
        r'<label for="site-search-q">Search programmes</label>',
        html,
    )
    assert '<input id="site-search-q" name="q" type="search"' in html


def test_favicon_and_stylesheet_are_linked(pages):
    html = pages["/"]
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
