"""load_catalogue and loaddata: repeatable loads, and broken fixtures that change nothing."""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, execute_from_command_line
from django.utils import translation

from catalogue.management.commands import load_catalogue
from municipalities.models import Country, Municipality, Region
from programmes.models import (
    Citation,
    Contact,
    Organisation,
    Participation,
    Programme,
    Source,
    TargetGroup,
    Theme,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
MODELS = [Country, Region, Municipality, Theme, TargetGroup, Source, Organisation, Contact,
          Programme, Participation, Citation]  # fmt: skip
REPORT_LINE = re.compile(
    r"^(?P<label>.+): (?P<created>\d+) created, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged$"
)


def run(*args) -> dict[str, dict[str, int]]:
    """Run load_catalogue and parse its per-model report."""
    out = io.StringIO()
    with translation.override("en"):  # messages below are matched in English
        call_command("load_catalogue", *args, stdout=out)
    report = {}
    for line in out.getvalue().splitlines():
        if match := REPORT_LINE.match(line):
            report[match["label"]] = {k: int(match[k]) for k in ("created", "updated", "unchanged")}
    return report


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def fixture_rows(name) -> list:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


# Loading the whole catalogue twice is tested in test_content_sources.py, which loads it
# once for its module anyway.


def test_loaddata_works_on_an_empty_database_and_again_without_duplicates():
    names = load_catalogue.CATALOGUE_FIXTURES
    call_command("loaddata", *names, verbosity=0)
    counts = row_counts()
    assert counts["Programme"] == len(fixture_rows("programmes"))
    assert counts["Citation"] == len(fixture_rows("citations"))
    assert counts["Participation"] == len(fixture_rows("participations"))

    call_command("loaddata", *names, verbosity=0)

    assert row_counts() == counts


# Broken-fixture tests load a small set of fixtures from a temporary directory.
SMALL_SET = ["countries", "regions", "municipalities", "themes", "target_groups", "organisations",
             "contacts", "programmes"]  # fmt: skip


@pytest.fixture
def small_fixtures(tmp_path, monkeypatch):
    """A loaded copy of a small fixture set: three programmes and the municipalities they need."""
    for name in SMALL_SET:
        shutil.copy(FIXTURES / f"{name}.json", tmp_path / f"{name}.json")
    programmes = fixture_rows("programmes")[:3]
    needed = {tuple(code) for p in programmes for code in p["fields"]["municipalities"]}
    needed |= {
        tuple(o["fields"]["municipality"])
        for o in fixture_rows("organisations")
        if o["fields"]["municipality"]
    }
    municipalities = [
        m
        for m in fixture_rows("municipalities")
        if (m["fields"]["country"][0], m["fields"]["code"]) in needed
    ]
    write(tmp_path, "municipalities", municipalities)
    write(tmp_path, "programmes", programmes)
    monkeypatch.setattr(load_catalogue, "FIXTURE_DIR", tmp_path)
    monkeypatch.setattr(load_catalogue, "CATALOGUE_FIXTURES", SMALL_SET)
    run()
    return tmp_path


def write(directory, name, rows):
    (directory / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def snapshot():
    return {
        "counts": row_counts(),
        "programmes": sorted(
            Programme.objects.values_list("slug", "title", "version", "updated_at")
        ),
        "links": sorted(
            Programme.objects.values_list("slug", "municipalities__code", "themes__slug")
        ),
        "contacts": sorted(Contact.objects.values_list("slug", "email", "phone")),
    }


def break_programmes(directory, change):
    """Retitle the first programme (a valid change), then apply ``change`` to the second."""
    rows = json.loads((directory / "programmes.json").read_text(encoding="utf-8"))
    rows[0]["fields"]["title"] = "Ändrad titel som inte får sparas"
    change(rows[1]["fields"])
    write(directory, "programmes", rows)
    return rows[1]["fields"]["slug"]


def unknown_municipality(fields):
    fields["municipalities"] = [["SE", "9999"]]


def missing_title(fields):
    del fields["title"]


def unknown_theme(fields):
    fields["themes"] = [["no-such-theme"]]


def bad_year(fields):
    fields["start_year"] = "tjugohundra"


@pytest.mark.parametrize(
    ("change", "field", "detail"),
    [
        (unknown_municipality, "municipalities", "9999"),
        (missing_title, "title", ""),
        (unknown_theme, "themes", "no-such-theme"),
        (bad_year, "start_year", ""),
    ],
)
def test_broken_programme_names_file_object_and_field_and_changes_nothing(
    small_fixtures, change, field, detail
):
    slug = break_programmes(small_fixtures, change)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run()

    message = str(error.value)
    assert message.startswith("programmes.json, object #2")
    assert slug in message
    assert f"field '{field}'" in message
    assert detail in message
    assert snapshot() == before


def test_broken_json_names_the_file_and_changes_nothing(small_fixtures):
    text = (small_fixtures / "programmes.json").read_text(encoding="utf-8")
    (small_fixtures / "programmes.json").write_text(text[: len(text) // 2], encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError, match=r"^programmes\.json: not valid JSON \(.*line \d+"):
        run()

    assert snapshot() == before


def test_invalid_email_in_a_contact_is_refused(small_fixtures):
    rows = json.loads((small_fixtures / "contacts.json").read_text(encoding="utf-8"))
    rows[0]["fields"]["email"] = "info(at)example"
    write(small_fixtures, "contacts", rows)
    before = snapshot()

    with pytest.raises(
        CommandError,
        match=rf"^contacts\.json, object #1 .*{rows[0]['fields']['slug']}.*field 'email'",
    ):
        run()

    assert snapshot() == before


def test_unknown_municipality_of_an_organisation_is_named(small_fixtures):
    rows = json.loads((small_fixtures / "organisations.json").read_text(encoding="utf-8"))
    index = next(i for i, row in enumerate(rows) if row["fields"]["municipality"])
    rows[index]["fields"]["municipality"] = ["SE", "0000"]
    write(small_fixtures, "organisations", rows)

    with pytest.raises(CommandError) as error:
        run()

    assert str(error.value).startswith(f"organisations.json, object #{index + 1}")
    assert "field 'municipality': no municipality with key ['SE', '0000']" in str(error.value)


def test_from_the_command_line_a_broken_fixture_exits_non_zero(small_fixtures, monkeypatch, capsys):
    break_programmes(small_fixtures, unknown_municipality)
    before = snapshot()
    # The command closes connections when it ends; keep the test's transaction open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "load_catalogue"])

    assert exit_.value.code != 0
    assert "programmes.json, object #2" in capsys.readouterr().err
    assert snapshot() == before


def test_dry_run_reports_but_saves_nothing(small_fixtures):
    break_programmes(small_fixtures, lambda fields: fields.update(summary="Ny sammanfattning."))
    before = snapshot()

    report = run("--dry-run")

    assert sum(r["updated"] for r in report.values()) == 2
    assert snapshot() == before


def test_a_changed_row_is_reported_updated_and_its_version_raised(small_fixtures):
    slug = break_programmes(
        small_fixtures, lambda fields: fields.update(summary="Ny sammanfattning.")
    )
    version = Programme.objects.get(slug=slug).version

    report = run()

    assert sum(r["updated"] for r in report.values()) == 2
    assert sum(r["created"] for r in report.values()) == 0
    changed = Programme.objects.get(slug=slug)
    assert (changed.summary, changed.version) == ("Ny sammanfattning.", version + 1)


def test_a_contact_with_nothing_to_reach_or_name_is_refused(small_fixtures):
    rows = json.loads((small_fixtures / "contacts.json").read_text(encoding="utf-8"))
    rows[0]["fields"].update(name="", email="", phone="")
    write(small_fixtures, "contacts", rows)
    before = snapshot()

    with pytest.raises(CommandError, match=r"^contacts\.json, object #1 .*A contact needs a name"):
        run()

    assert snapshot() == before


def test_a_programme_ending_before_it_starts_is_refused(small_fixtures):
    slug = break_programmes(
        small_fixtures, lambda fields: fields.update(start_year=2020, end_year=2010)
    )
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run()

    assert str(error.value).startswith(
        f"programmes.json, object #2 (programmes.programme '{slug}')"
    )
    assert "end year cannot be before the start year" in str(error.value)
    assert snapshot() == before
