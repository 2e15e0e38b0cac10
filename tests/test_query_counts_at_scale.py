"""Each page runs as many SQL queries on 1,500 seeded programmes as on one: counts do not grow."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality
from programmes.models import Programme, Theme
from tests.factories import make_programme, make_theme

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def page_urls(programme, municipality, theme):
    region = municipality.region
    return [
        "/",
        "/programmes/",
        f"/programmes/?region={region.slug}&theme={theme.slug}&status=ongoing&sort=newest",
        f"/programmes/?q=hälsa&municipality={municipality.slug}&year=2020",
        programme.get_absolute_url(),
        municipality.get_absolute_url(),
        region.get_absolute_url(),
    ]


def test_page_query_counts_do_not_grow_with_the_catalogue(client):
    call_command("loaddata", "countries", "regions", "municipalities", verbosity=0)
    stockholm = Municipality.objects.get(slug="stockholm")
    theme = make_theme(slug="psykisk-halsa")
    # Small but with every list non-empty (an empty list skips its prefetch queries).
    tiny = make_programme(
        title="Hälsa i Stockholm",
        municipalities=[stockholm],
        themes=[theme],
        status="ongoing",
        start_year=2018,
    )
    make_programme(
        title="Hälsa i Solna",
        municipalities=[Municipality.objects.get(slug="solna")],
        themes=[theme],
        status="ongoing",
        start_year=2018,
        parent=tiny,
    )
    small = [queries(client, url) for url in page_urls(tiny, stockholm, theme)]

    call_command("seed_synthetic", "--programmes", "1500", "--reset", stdout=None, stderr=None)
    assert Programme.objects.count() == 1500
    theme = Theme.objects.get(slug="psykisk-halsa")
    big = Programme.objects.published().filter(municipalities=stockholm, parent__isnull=True)
    large = [queries(client, url) for url in page_urls(big.first(), stockholm, theme)]

    assert large == small
