import re

import pytest

from tests.factories import make_programme, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "lang", "heading", "digg"),
    [
        (
            "/tillganglighet/",
            "sv",
            "Tillgänglighetsredogörelse",
            "Myndigheten för digital förvaltning",
        ),
        ("/en/tillganglighet/", "en", "Accessibility statement", "Agency for Digital Government"),
        (
            "/da/tillganglighet/",
            "da",
            "Tilgængelighedserklæring",
            "Myndigheten för digital förvaltning",
        ),
    ],
)
def test_accessibility_statement_has_what_the_law_asks_for(client, path, lang, heading, digg):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "WCAG" in html and "2.1" in html
    assert digg in html and "Digg" in html
    assert 'href="mailto:tillganglighet@katalog.example"' in html
    assert "ACCESSIBILITY_CONTACT_EMAIL" in html  # says the default is a placeholder
    assert '<time datetime="2026-11-29">' in html
    # Known gaps are stated, not hidden.
    assert html.count("<h2>") >= 5


def test_the_operator_sets_the_contact_address_and_date(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "webb@kommun.example"
    settings.ACCESSIBILITY_STATEMENT_DATE = "2027-01-15"
    html = client.get("/tillganglighet/").content.decode()
    assert 'href="mailto:webb@kommun.example"' in html
    assert '<time datetime="2027-01-15">' in html


@pytest.mark.parametrize(
    ("path", "heading", "title_only"),
    [
        ("/om/", "Om katalogen", "endast titel"),
        ("/en/om/", "About the catalogue", "title only"),
        ("/da/om/", "Om kataloget", "kun titel"),
    ],
)
def test_about_page_names_the_sources_and_the_licences(
    client, django_assert_num_queries, path, heading, title_only
):
    source = make_source(
        title="Hälsofrämjande etablering", publisher="Länsstyrelsen", published_year=2021
    )
    make_source(title="Sundhedsfremme i kommunen", language="da")
    make_programme(source=source)
    make_programme(source=source, is_published=False)

    # 1 sources with their number of published programmes
    with django_assert_num_queries(1):
        response = client.get(path)

    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert re.search(
        r'<cite lang="sv">Hälsofrämjande etablering</cite>, <span lang="sv">Länsstyrelsen</span> '
        r"\(2021\)\s*— 1 program",
        html,
    )
    assert '<cite lang="da">Sundhedsfremme i kommunen</cite>' in html
    assert title_only in html
    assert "CC BY 4.0" in html and "Klimadatastyrelsen" in html and "SCB" in html


def test_every_page_footer_links_the_statement_and_about_page(client):
    for path, about, statement in [
        ("/", "/om/", "/tillganglighet/"),
        ("/en/municipalities/", "/en/om/", "/en/tillganglighet/"),
    ]:
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">')[1]
        assert f'href="{about}"' in footer
        assert f'href="{statement}"' in footer
        assert "Indeholder data fra Klimadatastyrelsen" in footer
        assert "SCB" in footer
