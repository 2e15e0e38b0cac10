"""The precomputed map paths, the geometry behind them, and the map as pages draw it."""

import csv
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from municipalities import maps
from tests.factories import make_programme
from tests.site_data import make_catalogue, make_site

DATA = Path(maps.DATA_DIR)


def codes(file_name, column="code"):
    with (DATA / file_name).open(encoding="utf-8") as file:
        return [row[column] for row in csv.DictReader(file)]


def test_overview_has_every_swedish_county_and_danish_region():
    shapes = maps.load_paths()["overview"]["shapes"]
    expected = {f"SE-{c}" for c in codes("se_counties.csv")} | {
        f"DK-{c}" for c in codes("dk_regions.csv")
    }
    assert set(shapes) == expected
    assert len(expected) == 26


def test_every_region_map_has_exactly_its_municipalities():
    regions = maps.load_paths()["regions"]
    expected = {}
    for country, file_name, parent in (
        ("SE", "se_municipalities.csv", "county_code"),
        ("DK", "dk_municipalities.csv", "region_code"),
    ):
        with (DATA / file_name).open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                expected.setdefault(f"{country}-{row[parent]}", set()).add(
                    f"{country}-{row['code']}"
                )
    assert {key: set(drawing["shapes"]) for key, drawing in regions.items()} == expected
    assert sum(len(v) for v in expected.values()) == 290 + 98


def test_every_shape_is_a_closed_path_with_its_label_inside_the_view_box():
    paths = maps.load_paths()
    for drawing in [paths["overview"], *paths["regions"].values()]:
        _, _, width, height = map(int, drawing["viewBox"].split())
        for key, (path, x, y) in drawing["shapes"].items():
            assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", path), key
            assert 0 <= x <= width and 0 <= y <= height, key


def test_committed_paths_are_what_the_command_builds(tmp_path):
    output = tmp_path / "paths.json"
    call_command("build_map_paths", output=output, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert json.loads(output.read_text()) == json.loads(maps.PATHS_FILE.read_text())


def test_dry_run_writes_nothing(tmp_path, capsys):
    output = tmp_path / "paths.json"
    call_command("build_map_paths", output=output, dry_run=True)
    assert not output.exists()
    assert "Dry run" in capsys.readouterr().out


def test_a_missing_or_broken_boundary_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="se_counties.geojson: boundary file is missing"):
        call_command("build_map_paths", data_dir=tmp_path, dry_run=True)
    for name in ("se_counties", "dk_regions", "se_municipalities", "dk_municipalities"):
        (tmp_path / f"{name}.geojson").write_text('{"features": [{"properties": {}}]}')
    with pytest.raises(CommandError, match="not a usable GeoJSON"):
        call_command("build_map_paths", data_dir=tmp_path, dry_run=True)


def test_douglas_peucker_drops_points_within_tolerance_and_keeps_corners():
    line = [(0, 0), (1, 0.1), (2, 0), (3, 5), (4, 0)]
    assert maps.simplify(line, 0.5) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert maps.simplify(line, 10) == [(0, 0), (4, 0)]


def test_ring_path_is_relative_and_drops_rings_that_round_to_nothing():
    assert maps.ring_path([(0.2, 0.2), (10, 0), (10, 10), (0, 0)]) == "M0 0l10 0 0 10z"
    assert maps.ring_path([(0, 0), (0.1, 0.1), (0.2, 0)]) == ""


def test_shading_classes_and_legend_agree():
    assert [maps.shade(n) for n in (0, 1, 2, 3, 5, 6, 9, 10, 500)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert maps.legend() == [(0, 0, 0), (1, 1, 2), (2, 3, 5), (3, 6, 9), (4, 10, None)]


def test_areas_unknown_to_the_boundary_files_are_left_off_the_map():
    drawn = maps.svg_map(
        "overview",
        [
            {"key": "SE-12", "name": "Skåne län", "count": 4, "url": "/x"},
            {"key": "SE-99", "name": "Made up", "count": 1, "url": "/y"},
        ],
    )
    assert [shape["name"] for shape in drawn["shapes"]] == ["Skåne län"]
    assert drawn["shapes"][0]["shade"] == 2
    assert maps.svg_map("SE-99", []) is None


def svg_of(html):
    return re.search(r"<svg class=\"map\".*?</svg>", html, re.S).group(0)


@pytest.mark.django_db
def test_with_the_real_reference_data_every_region_is_a_link_and_the_map_stays_small(client):
    call_command("loaddata", "countries", "regions", "municipalities", verbosity=0)

    home = svg_of(client.get("/").content.decode())
    skane = svg_of(client.get("/regions/skane-lan/").content.decode())
    vastra_gotaland = svg_of(client.get("/regions/vastra-gotalands-lan/").content.decode())

    assert home.count("<a href=") == 26
    assert skane.count("<a href=") == 33
    assert vastra_gotaland.count("<a href=") == 49
    # Page weight budget for the inline SVG (measured: see the report in the commit log).
    assert len(home.encode()) < 20_000
    assert len(vastra_gotaland.encode()) < 25_000


@pytest.mark.django_db
def test_region_map_links_each_municipality_into_the_list_with_its_count(client):
    site = make_site()
    make_catalogue(site)
    make_programme(municipalities=[site.lund], is_published=False)

    svg = svg_of(client.get("/regions/skane-lan/").content.decode())

    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" class="map-area shade-(\d)">', svg)
    assert sorted(links) == [
        ("/programmes/?municipality=lund", "Lund: 1 program", "1"),
        ("/programmes/?municipality=malmo", "Malmö: 2 program", "1"),
        ("/programmes/?municipality=ystad", "Ystad: 1 program", "1"),
    ]
    # The count is printed on each shape too, so colour is not the only cue.
    assert sorted(re.findall(r'aria-hidden="true">(\d+)</text>', svg)) == ["1", "1", "2"]
