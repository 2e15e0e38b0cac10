"""Reference data: both countries, every region and every municipality, each in its right region.

Expected values are from the official lists (SCB kommunkoder and län; DAWA kommuner and
regioner), not read back from the fixtures.
"""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from municipalities.models import Municipality, Region


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    """Load the three reference fixtures once for the module; roll back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "countries", "regions", "municipalities", verbosity=0)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_sweden_has_290_municipalities_in_21_lan():
    assert Municipality.objects.filter(country__code="SE").count() == 290
    assert Region.objects.filter(country__code="SE").count() == 21


def test_denmark_has_98_municipalities_in_5_regions():
    assert Municipality.objects.filter(country__code="DK").count() == 98
    assert Region.objects.filter(country__code="DK").count() == 5


def test_every_municipality_is_in_a_region_of_its_own_country():
    assert not Municipality.objects.exclude(region__country=F("country")).exists()


def test_swedish_municipality_codes_start_with_their_lan_code():
    mismatched = [
        (m.code, m.region.code)
        for m in Municipality.objects.filter(country__code="SE").select_related("region")
        if m.code[:2] != m.region.code
    ]
    assert mismatched == []


# Municipalities per län (SCB) and per region (DAWA).
SWEDISH_COUNTS = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip
DANISH_COUNTS = {"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}


@pytest.mark.parametrize(("country", "expected"), [("SE", SWEDISH_COUNTS), ("DK", DANISH_COUNTS)])
def test_municipalities_per_region_match_the_official_counts(country, expected):
    counts = Counter(
        Municipality.objects.filter(country__code=country).values_list("region__code", flat=True)
    )
    assert dict(counts) == expected


@pytest.mark.parametrize(
    ("country", "code", "name", "region"),
    [
        ("SE", "1440", "Ale", "Västra Götalands län"),
        ("SE", "1419", "Tjörn", "Västra Götalands län"),
        ("SE", "1407", "Öckerö", "Västra Götalands län"),
        ("SE", "2523", "Gällivare", "Norrbottens län"),
        ("SE", "2313", "Strömsund", "Jämtlands län"),
        ("SE", "2583", "Haparanda", "Norrbottens län"),
        ("SE", "0182", "Nacka", "Stockholms län"),
        ("SE", "0120", "Värmdö", "Stockholms län"),
        ("SE", "1083", "Sölvesborg", "Blekinge län"),
        ("SE", "1380", "Halmstad", "Hallands län"),
        ("SE", "0980", "Gotland", "Gotlands län"),
        ("SE", "0780", "Växjö", "Kronobergs län"),
        ("DK", "101", "København", "Region Hovedstaden"),
        ("DK", "400", "Bornholm", "Region Hovedstaden"),
        ("DK", "751", "Aarhus", "Region Midtjylland"),
        ("DK", "480", "Nordfyns", "Region Syddanmark"),
        ("DK", "820", "Vesthimmerlands", "Region Nordjylland"),
        ("DK", "265", "Roskilde", "Region Sjælland"),
    ],
)
def test_spot_checked_municipality_is_in_its_official_region(country, code, name, region):
    municipality = Municipality.objects.select_related("region").get(
        country__code=country, code=code
    )
    assert (municipality.name, municipality.region.name) == (name, region)


@pytest.mark.parametrize(
    ("code", "authority"),
    [
        ("14", "Västra Götalandsregionen"),
        ("08", "Region Kalmar län"),
        ("09", "Region Gotland"),
        ("23", "Region Jämtland Härjedalen"),
    ],
)
def test_swedish_lan_carry_their_regional_authority(code, authority):
    assert Region.objects.get(country__code="SE", code=code).authority_name == authority


def test_christianso_is_not_a_municipality():
    # DAWA lists 0411 Christiansø, but it is state-administered, outside the municipal division.
    assert not Municipality.objects.filter(country__code="DK", code="411").exists()
