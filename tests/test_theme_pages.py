"""Theme pages: the theme, its programmes and a way into the filtered list."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_municipality, make_programme, make_theme

pytestmark = pytest.mark.django_db


def test_a_theme_page_lists_its_published_programmes_and_links_to_the_list(client):
    theme = make_theme(slug="rorelse", name_sv="Rörelse", name_en="Physical activity")
    make_programme(title="Gå mer", themes=[theme])
    make_programme(title="Utkast", themes=[theme], is_published=False)
    make_programme(title="Annat tema", themes=[make_theme()])
    response = client.get("/themes/rorelse/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Rörelse</h1>" in html
    assert "<title>Rörelse ·" in html
    assert "Gå mer" in html
    assert "Utkast" not in html and "Annat tema" not in html
    assert 'href="/programmes/?theme=rorelse"' in html
    english = client.get("/en/themes/rorelse/").content.decode()
    assert "<h1>Physical activity</h1>" in english
    assert "1 programme has this theme." in english


def test_an_unknown_theme_is_404(client):
    assert client.get("/themes/nope/").status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_a_theme_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    theme = make_theme(slug="t")
    municipality = make_municipality()
    for _ in range(n):
        make_programme(themes=[theme], municipalities=[municipality])
    # theme, count, programmes (at most 20), their municipalities, their themes
    with django_assert_num_queries(5):
        response = client.get("/en/themes/t/")
    html = response.content.decode()
    assert html.count('class="programme-card"') == min(n, 20)
    if n > 20:
        assert f"All {n} programmes with this theme" in html


def test_staff_see_draft_programmes_on_a_theme_page(client):
    theme = make_theme(slug="t")
    make_programme(title="Utkast", themes=[theme], is_published=False)
    client.force_login(get_user_model().objects.create_user("e", password="x", is_staff=True))
    assert "Utkast" in client.get("/themes/t/").content.decode()
