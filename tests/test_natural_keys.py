"""Fixtures address rows by natural keys, so a dump loads back into an empty database."""

import json

import pytest
from django.core.management import call_command

from municipalities.models import Municipality
from programmes.models import Citation, Participation, Programme
from tests.factories import (
    make_contact,
    make_municipality,
    make_organisation,
    make_programme,
    make_source,
    make_target_group,
    make_theme,
)

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["municipalities", "programmes"]


def snapshot():
    return {
        "municipalities": sorted(
            Municipality.objects.values_list("country__code", "code", "name", "region__code")
        ),
        "programmes": sorted(
            Programme.objects.values_list("slug", "title", "parent__slug", "status", "start_year")
        ),
        "links": sorted(
            Programme.objects.values_list(
                "slug", "municipalities__code", "themes__slug", "contacts__slug"
            )
        ),
        "participations": sorted(
            Participation.objects.values_list("programme__slug", "organisation__slug", "role")
        ),
        "citations": sorted(
            Citation.objects.values_list("programme__slug", "source__file_name", "quote")
        ),
    }


def test_dumpdata_flush_loaddata_gives_the_same_rows(tmp_path):
    ale = make_municipality(code="1440", name="Ale", slug="ale")
    organisation = make_organisation(municipality=ale)
    parent = make_programme(slug="national", start_year=2018, end_year=2020)
    make_programme(
        slug="local",
        parent=parent,
        municipalities=[ale],
        themes=[make_theme()],
        target_groups=[make_target_group()],
        contacts=[make_contact(organisation=organisation)],
        partners=[(organisation, Participation.Role.LEAD)],
        source=make_source(),
    )
    before = snapshot()

    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata", *APPS, natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0
    )
    assert all("pk" not in row for row in json.loads(dump.read_text()))

    call_command("flush", interactive=False, verbosity=0)
    assert not Programme.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    assert snapshot() == before
