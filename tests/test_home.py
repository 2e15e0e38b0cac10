import pytest

from tests.factories import make_municipality, make_programme

pytestmark = pytest.mark.django_db


def test_home_page_is_swedish_and_shows_the_catalogue_in_numbers(client, django_assert_num_queries):
    make_programme(title="Hälsofrämjande ledarskap", municipalities=[make_municipality()])
    make_programme(title="Utkast", is_published=False)

    # count of programmes, count of municipalities, recently updated programmes
    with django_assert_num_queries(3):
        response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hälsofrämjande ledarskap" in html
    assert "Utkast" not in html
