"""Load the whole catalogue: reference data first, then the content taken from the sources.

Why not plain ``loaddata``: this command loads every fixture in dependency order inside one
transaction, reports per model what it created, updated or left unchanged, and turns any
error into one message naming the fixture file, the object and the field, leaving the
database exactly as it was.
"""

import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

# In dependency order: each fixture refers only to fixtures before it (and a programme's
# parent comes before it in programmes.json, as forward references are not resolved).
CATALOGUE_FIXTURES = [
    "countries",
    "regions",
    "municipalities",
    "themes",
    "target_groups",
    "sources",
    "organisations",
    "contacts",
    "programmes",
    "participations",
    "citations",
]

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_path(name: str) -> Path:
    return FIXTURE_DIR / f"{name}.json"


def is_timestamp(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def changed_fields(obj, current, m2m_data) -> list[str]:
    """The fields (and many-to-many relations) in which the fixture differs from the database."""
    changed = [
        field.name
        for field in obj._meta.concrete_fields
        if not field.primary_key
        and not is_timestamp(field)
        and field.value_from_object(current) != field.value_from_object(obj)
    ]
    for name, pks in (m2m_data or {}).items():
        existing = set(getattr(current, name).values_list("pk", flat=True))
        if existing != {int(pk) for pk in pks}:
            changed.append(name)
    return changed


def describe(row) -> str:
    """A short label for a fixture row, from its natural key, for error messages."""
    if not isinstance(row, dict):
        return ""
    fields = row.get("fields") if isinstance(row.get("fields"), dict) else {}
    for key in ("slug", "file_name", "code"):
        if fields.get(key):
            return f" ({row.get('model')} {fields[key]!r})"
    parts = [
        "/".join(map(str, value)) if isinstance(value, list) else str(value)
        for name, value in fields.items()
        if name in ("programme", "organisation", "source", "role") and value
    ]
    return f" ({row.get('model')} {' '.join(parts)})" if parts else f" ({row.get('model')})"


def reference_problem(model, field, value) -> str | None:
    """Why a related-object reference in a fixture cannot be resolved, or None if it can."""
    remote = field.remote_field.model
    manager = remote._default_manager
    try:
        if isinstance(value, list) and hasattr(manager, "get_by_natural_key"):
            manager.get_by_natural_key(*value)
        else:
            manager.get(pk=value)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        return f"no {remote._meta.model_name} with key {value!r}"
    return None


def find_problem(row) -> str | None:
    """Name the field that makes a fixture row impossible to deserialize."""
    if not isinstance(row, dict) or "model" not in row:
        return "missing 'model'"
    fields = row.get("fields")
    if not isinstance(fields, dict):
        return "missing 'fields'"
    try:
        model = apps.get_model(row["model"])
    except (LookupError, ValueError):
        return f"unknown model {row['model']!r}"
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return f"field '{name}': {model._meta.label} has no such field"
        if field.many_to_many:
            if not isinstance(value, list):
                return f"field '{name}': expected a list"
            for item in value:
                if problem := reference_problem(model, field, item):
                    return f"field '{name}': {problem}"
        elif field.is_relation:
            if value is not None and (problem := reference_problem(model, field, value)):
                return f"field '{name}': {problem}"
        else:
            try:
                field.to_python(value)
            except ValidationError as exc:
                return f"field '{name}': {' '.join(exc.messages)}"
    for field in model._meta.concrete_fields:
        if field.is_relation and not field.null and field.name not in fields:
            return f"field '{field.name}': missing"
    return None


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
        # Primary keys of rows already looked up by natural key during this run.
        self.known_pks: dict[tuple, object] = {}
        try:
            with transaction.atomic():
                for name in CATALOGUE_FIXTURES:
                    self.load_fixture(fixture_path(name), tally)
                if dry_run:
                    transaction.set_rollback(True)
                else:
                    self.analyse()
        except DatabaseError as exc:
            raise CommandError(f"Nothing was loaded: {exc}".strip()) from None

        for label, counts in tally.items():
            self.stdout.write(
                f"{label}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        verdict = "Dry run, nothing saved." if dry_run else "Catalogue loaded."
        self.stdout.write(self.style.SUCCESS(verdict))

    @staticmethod
    def analyse() -> None:
        """Fresh planner statistics for the catalogue's tables, within the load's transaction.

        Until autovacuum gets to them, the planner would plan for the tables as they were
        before the load: with statistics of a much larger or emptier catalogue, the facet
        counts once ran into the statement timeout on the 43 real programmes.
        """
        tables = {
            model._meta.db_table
            for label in ("municipalities", "programmes")
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        }
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables))
            )

    def load_fixture(self, path: Path, tally: dict[str, Counter]) -> None:
        if not path.exists():
            raise CommandError(f"{path.name}: fixture file is missing")
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path.name}: not valid JSON ({exc})") from None
        if not isinstance(rows, list):
            raise CommandError(f"{path.name}: expected a JSON list of objects")

        for index, row in enumerate(rows, start=1):
            where = f"{path.name}, object #{index}{describe(row)}"
            deserialized = self.deserialize(self.with_known_pks(row, where), where)
            obj = deserialized.object
            current = type(obj)._base_manager.get(pk=obj.pk) if obj.pk is not None else None
            self.keep_managed_fields(obj, row, current)
            # Validation of unique and check constraints must know whether the row is new.
            obj._state.adding = current is None
            # The deserializer has already looked up every related object it was given.
            resolved = [
                f.name
                for f in obj._meta.concrete_fields
                if f.is_relation and getattr(obj, f.attname) is not None
            ]
            try:
                obj.full_clean(exclude=resolved, validate_unique=False)
            except ValidationError as exc:
                problems = "; ".join(
                    " ".join(messages)
                    if field == NON_FIELD_ERRORS
                    else f"field '{field}': {' '.join(messages)}"
                    for field, messages in exc.message_dict.items()
                )
                raise CommandError(f"{where}: {problems}") from None
            if current is None:
                outcome = "created"
            elif changed_fields(obj, current, deserialized.m2m_data):
                outcome = "updated"
                self.mark_updated(obj, current)
            else:
                outcome = "unchanged"
            if outcome != "unchanged":
                try:
                    deserialized.save()
                except DatabaseError as exc:
                    # The enclosing transaction is rolled back as this error propagates.
                    raise CommandError(f"{where}: {str(exc).strip()}") from None
            tally.setdefault(str(obj._meta.verbose_name_plural), Counter())[outcome] += 1

    def with_known_pks(self, row, where: str):
        """The row with natural-key references replaced by primary keys, looked up once per run.

        The deserializer would look up the same country or region for every municipality;
        resolving references here saves those queries and names the field when one is unknown.
        """
        try:
            model = apps.get_model(row["model"])
            fields = dict(row["fields"])
        except (KeyError, TypeError, ValueError, LookupError):
            return row  # the deserializer reports what is malformed
        for name, value in fields.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                return row
            if field.many_to_many and isinstance(value, list):
                fields[name] = [self.known_pk(field, item, where) for item in value]
            elif field.is_relation and isinstance(value, list):
                fields[name] = self.known_pk(field, value, where)
        return {**row, "fields": fields}

    def known_pk(self, field, key, where: str):
        if not isinstance(key, list):
            return key
        remote = field.remote_field.model
        cache_key = (remote._meta.label, tuple(map(str, key)))
        if cache_key not in self.known_pks:
            try:
                instance = remote._default_manager.get_by_natural_key(*key)
            except (ObjectDoesNotExist, TypeError, ValueError, ValidationError):
                raise CommandError(
                    f"{where}: field '{field.name}': no {remote._meta.model_name} with key {key!r}"
                ) from None
            self.known_pks[cache_key] = instance.pk
        return self.known_pks[cache_key]

    def deserialize(self, row, where: str):
        """The row as a DeserializedObject, or a CommandError naming the field at fault."""
        try:
            return next(
                serializers.deserialize(
                    "python", [row], handle_forward_references=False, ignorenonexistent=False
                )
            )
        except (
            DeserializationError,
            FieldDoesNotExist,
            ObjectDoesNotExist,
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise CommandError(f"{where}: {find_problem(row) or exc}") from None

    @staticmethod
    def keep_managed_fields(obj, row, current) -> None:
        """Fill the fields the site maintains itself (timestamps, version) that the fixture omits.

        ``deserialized.save()`` is a raw save: it neither runs ``save()`` nor sets auto_now
        fields, so without this an existing row would lose its creation time and version.
        """
        given = row.get("fields", {})
        now = timezone.now()
        for field in obj._meta.concrete_fields:
            if field.primary_key or field.editable:
                continue
            if current is not None and (is_timestamp(field) or field.name not in given):
                setattr(obj, field.attname, field.value_from_object(current))
            elif is_timestamp(field) and field.value_from_object(obj) is None:
                setattr(obj, field.attname, now)

    @staticmethod
    def mark_updated(obj, current) -> None:
        """Stamp a changed row the way a normal save would: new update time, next version."""
        for field in obj._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                setattr(obj, field.attname, timezone.now())
            elif field.name == "version" and isinstance(field, models.PositiveIntegerField):
                # Programme.version counts saves; a raw save does not run save(), so count here.
                setattr(obj, field.attname, (field.value_from_object(current) or 0) + 1)
