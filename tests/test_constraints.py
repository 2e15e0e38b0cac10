"""The data model's rules hold in PostgreSQL itself, not only in forms."""

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import Municipality
from tests.factories import (
    make_country,
    make_municipality,
    make_organisation,
    make_programme,
    make_region,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_municipality_code_is_unique_within_its_country():
    ale = make_municipality(code="1440", name="Ale", slug="ale")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(
            country=ale.country, region=ale.region, code="1440", name="Copy", slug="copy"
        )


def test_the_same_code_may_exist_in_another_country():
    make_municipality(code="101", slug="sv-101")
    danish_region = make_region(country=make_country("DK"), code="1084")
    copenhagen = make_municipality(region=danish_region, code="101", slug="kobenhavn")
    assert copenhagen.pk


def test_end_year_before_start_year_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_programme(start_year=2020, end_year=2019)


def test_end_year_equal_to_start_year_is_allowed():
    assert make_programme(start_year=2020, end_year=2020).pk


@pytest.mark.parametrize(
    "create",
    [
        lambda: make_programme(slug="same"),
        lambda: make_organisation(slug="same"),
        lambda: make_municipality(slug="same"),
    ],
    ids=["programme", "organisation", "municipality"],
)
def test_duplicate_slugs_are_rejected(create):
    create()
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_programme_cites_a_source_only_once():
    source = make_source()
    programme = make_programme(source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        programme.citations.create(source=source, quote="Again")


def test_a_contact_needs_a_name_email_or_phone():
    from programmes.models import Contact

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(slug="nobody")


def test_coordinates_come_in_valid_pairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_municipality(latitude=57.9)
