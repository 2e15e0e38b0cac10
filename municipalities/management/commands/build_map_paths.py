"""Build ``municipalities/maps/paths.json``: the SVG path strings of every map the site draws.

Why precompute: the boundary GeoJSON is ~600 KB and projecting and simplifying it takes
seconds, so it is done once, here, and the compact result (a few hundred KB, committed) is what
the site reads. Rerun after replacing a boundary file in ``municipalities/data/``.

Maps written: ``overview`` (Sweden's län and Denmark's regions together) and one map per
region with its municipalities, under ``regions`` keyed like the shapes (``SE-01``).
"""

import json
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities import maps

LAYERS = {
    # file name: (country code, property that names the parent region or None)
    "se_counties": ("SE", None),
    "dk_regions": ("DK", None),
    "se_municipalities": ("SE", "county_code"),
    "dk_municipalities": ("DK", "region_code"),
}


def read_layer(data_dir: Path, name: str) -> list[dict]:
    path = data_dir / f"{name}.geojson"
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return [
            {
                "code": str(feature["properties"]["code"]),
                "name": feature["properties"]["name"],
                "parent": feature["properties"].get(LAYERS[name][1] or "", None),
                "rings": maps.feature_rings(feature),
            }
            for feature in features
        ]
    except FileNotFoundError:
        raise CommandError(f"{path}: boundary file is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise CommandError(f"{path}: not a usable GeoJSON FeatureCollection ({exc})") from None


class Command(BaseCommand):
    help = (
        "Project and simplify the boundary files in municipalities/data/ into the SVG paths "
        "the site's maps draw (municipalities/maps/paths.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Build and report; write nothing."
        )
        parser.add_argument(
            "--data-dir", type=Path, default=maps.DATA_DIR, help="Where the GeoJSON files are."
        )
        parser.add_argument(
            "--output", type=Path, default=maps.PATHS_FILE, help="The JSON file to write."
        )

    def handle(self, *args, dry_run=False, data_dir=None, output=None, **options):
        layers = {name: read_layer(data_dir, name) for name in LAYERS}
        top = [("SE", f) for f in layers["se_counties"]] + [("DK", f) for f in layers["dk_regions"]]
        overview = maps.Projection(
            [ring for _, f in top for ring in f["rings"]], height=maps.OVERVIEW_HEIGHT
        )
        result = {
            "overview": {
                "viewBox": overview.view_box,
                "shapes": {
                    maps.shape_key(country, f["code"]): [
                        maps.feature_path(f["rings"], overview),
                        *maps.label_point(f["rings"], overview),
                    ]
                    for country, f in top
                },
            },
            "regions": {},
        }
        children = defaultdict(list)
        for country, name in (("SE", "se_municipalities"), ("DK", "dk_municipalities")):
            for feature in layers[name]:
                children[maps.shape_key(country, feature["parent"])].append((country, feature))
        for region_key, members in sorted(children.items()):
            projection = maps.Projection(
                [ring for _, f in members for ring in f["rings"]], size=maps.REGION_SIZE
            )
            result["regions"][region_key] = {
                "viewBox": projection.view_box,
                "shapes": {
                    maps.shape_key(country, f["code"]): [
                        maps.feature_path(f["rings"], projection),
                        *maps.label_point(f["rings"], projection),
                    ]
                    for country, f in members
                },
            }

        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        overview_bytes = sum(len(p) for p, _, _ in result["overview"]["shapes"].values())
        self.stdout.write(
            f"overview: {len(result['overview']['shapes'])} shapes, "
            f"{overview_bytes} bytes of path; "
            f"{len(result['regions'])} region maps; {len(text)} bytes in all"
        )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run, nothing written."))
            return
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot write ({exc})") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
