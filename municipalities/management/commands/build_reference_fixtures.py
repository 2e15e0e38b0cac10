"""Rebuild fixtures/{countries,regions,municipalities}.json from the official lists.

The lists in municipalities/data/ (see its README for sources and licences) are the
single origin of the reference data; this command turns them into natural-key fixtures so
that ``loaddata`` and ``load_catalogue`` can load them. Run it after updating the lists.
"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from catalogue.text import nordic_slugify

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

COUNTRIES = [
    {"code": "DK", "name_sv": "Danmark", "name_en": "Denmark", "name_da": "Danmark"},
    {"code": "SE", "name_sv": "Sverige", "name_en": "Sweden", "name_da": "Sverige"},
]


def read_csv(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def unique_slug(name, code, municipalities):
    """The name's slug; where two names share one (Habo and Håbo), the official code is added."""
    slug = nordic_slugify(name)
    sharing = sum(1 for _, _, other, *_ in municipalities if nordic_slugify(other) == slug)
    return f"{slug}-{code}" if sharing > 1 else slug


class Command(BaseCommand):
    help = (
        "Rebuild the reference fixtures (countries, regions, municipalities) "
        "from the official lists in municipalities/data/."
    )

    def handle(self, *args, **options):
        regions = []
        for row in read_csv("se_counties.csv"):
            regions.append(("SE", row["code"], row["name"], row["region_name"]))
        for row in read_csv("dk_regions.csv"):
            # A Danish region is its own authority: "Region Hovedstaden" governs Region Hovedstaden.
            regions.append(("DK", row["code"], row["name"], row["name"]))

        municipalities = [
            ("SE", row["code"], row["name"], row["county_code"], row["lat"], row["lon"])
            for row in read_csv("se_municipalities.csv")
        ] + [
            ("DK", row["code"], row["name"], row["region_code"], row["lat"], row["lon"])
            for row in read_csv("dk_municipalities.csv")
        ]

        fixtures = {
            "countries.json": [
                {"model": "municipalities.country", "fields": country} for country in COUNTRIES
            ],
            "regions.json": [
                {
                    "model": "municipalities.region",
                    "fields": {
                        "country": [country],
                        "code": code,
                        "name": name,
                        "slug": nordic_slugify(name),
                        "authority_name": authority,
                    },
                }
                for country, code, name, authority in regions
            ],
            "municipalities.json": [
                {
                    "model": "municipalities.municipality",
                    "fields": {
                        "country": [country],
                        "region": [country, region_code],
                        "code": code,
                        "name": name,
                        "slug": unique_slug(name, code, municipalities),
                        "latitude": lat or None,
                        "longitude": lon or None,
                    },
                }
                for country, code, name, region_code, lat, lon in municipalities
            ],
        }
        for file_name, objects in fixtures.items():
            path = Path(settings.BASE_DIR) / "fixtures" / file_name
            path.write_text(
                json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            self.stdout.write(self.style.SUCCESS(f"{path.name}: {len(objects)} objects"))
