"""Load the whole catalogue: reference data first, then the content taken from the sources.

Why not plain ``loaddata``: this command loads every fixture in dependency order inside one
transaction, reports per model what it created, updated or left unchanged, and turns any
error into one message naming the fixture file, the object and the field, leaving the
database exactly as it was.
"""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

# In dependency order: each fixture refers only to fixtures before it.
CATALOGUE_FIXTURES = [
    "countries",
    "regions",
    "municipalities",
]


def fixture_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"


def changed_fields(deserialized) -> list[str]:
    """The fields (and many-to-many relations) in which the fixture differs from the database."""
    obj = deserialized.object
    model = type(obj)
    current = model._base_manager.get(pk=obj.pk)
    changed = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.value_from_object(current) != field.value_from_object(obj)
    ]
    for name, pks in (deserialized.m2m_data or {}).items():
        existing = set(getattr(current, name).values_list("pk", flat=True))
        if existing != {int(pk) for pk in pks}:
            changed.append(name)
    return changed


class Command(BaseCommand):
    help = (
        "Load reference data and catalogue content from fixtures/ in one transaction. "
        "Safe to run again: rows are matched by natural key, so nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll back.",
        )

    def handle(self, *args, dry_run=False, **options):
        tally: dict[str, Counter] = {}
        try:
            with transaction.atomic():
                for name in CATALOGUE_FIXTURES:
                    self.load_fixture(fixture_path(name), tally)
                if dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:
            raise CommandError(f"Nothing was loaded: {exc}".strip()) from None

        for label, counts in tally.items():
            self.stdout.write(
                f"{label}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        verdict = "Dry run, nothing saved." if dry_run else "Catalogue loaded."
        self.stdout.write(self.style.SUCCESS(verdict))

    def load_fixture(self, path: Path, tally: dict[str, Counter]) -> None:
        if not path.exists():
            raise CommandError(f"{path.name}: fixture file is missing")
        try:
            data = path.read_text(encoding="utf-8")
            json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path.name}: not valid JSON ({exc})") from None

        try:
            objects = serializers.deserialize(
                "json", data, handle_forward_references=False, ignorenonexistent=False
            )
            for index, deserialized in enumerate(objects):
                obj = deserialized.object
                label = obj._meta.label
                where = f"{path.name}, object #{index + 1} ({label} {obj})"
                try:
                    obj.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as exc:
                    fields = "; ".join(
                        f"field '{field}': {' '.join(messages)}"
                        for field, messages in exc.message_dict.items()
                    )
                    raise CommandError(f"{where}: {fields}") from None
                if obj.pk is None:
                    outcome = "created"
                elif changed_fields(deserialized):
                    outcome = "updated"
                else:
                    outcome = "unchanged"
                try:
                    with transaction.atomic():
                        deserialized.save()
                except DatabaseError as exc:
                    raise CommandError(f"{where}: {str(exc).strip()}") from None
                tally.setdefault(str(obj._meta.verbose_name_plural), Counter())[outcome] += 1
        except DeserializationError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        except (FieldDoesNotExist, ObjectDoesNotExist) as exc:
            raise CommandError(f"{path.name}: {exc}") from None
