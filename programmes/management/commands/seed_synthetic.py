"""Fill a benchmark database with a realistic synthetic catalogue (100,000 programmes by default).

Why a command of its own: the benchmark (``make bench``) needs a catalogue far larger than the
real one, shaped like it: programmes spread unevenly over all municipalities (big cities run
more), Swedish or Danish text built from the real documents' sentences
(programmes/synthetic_vocabulary.py), 1–4 themes, 1–3 target groups, 1–5 organisations with
roles, 0–3 contacts, a citation each, sub-projects, every status and some drafts.

Speed: rows are generated in Python and streamed with PostgreSQL ``COPY`` (psycopg 3), ids
assigned here so that related rows need no round trip; 100,000 programmes take well under a
minute on two cores. Everything happens in one transaction.

Safety: the command wipes and writes whole tables, so it runs only on a disposable database:
one whose name ends in ``_bench`` (e.g. EMBEDDED_DB_NAME=catalogue_bench) or a test database
(Django names those ``test_…``), and never on one that holds the real catalogue (a Source for
one of the real documents).
"""

import datetime
import random
import time
from collections import defaultdict

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from psycopg.copy import QueuedLibpqWriter

from catalogue.text import nordic_slugify
from municipalities.models import Country, Municipality, Region
from programmes import synthetic_vocabulary as vocabulary
from programmes.models import (
    Citation,
    Contact,
    Evidence,
    Kind,
    Organisation,
    Participation,
    Programme,
    Source,
    Status,
    TargetGroup,
    Theme,
)

MAX_PROGRAMMES = 2_000_000
# Tables the command owns in a benchmark database, in an order TRUNCATE accepts with CASCADE.
CONTENT_MODELS = [
    Programme,
    Participation,
    Citation,
    Contact,
    Organisation,
    Source,
    Theme,
    TargetGroup,
]
ROLES = [
    Participation.Role.PARTNER,
    Participation.Role.PARTNER,
    Participation.Role.FUNDER,
    Participation.Role.EVALUATOR,
    Participation.Role.COORDINATOR,
    Participation.Role.PROVIDER,
    Participation.Role.RESEARCHER,
    Participation.Role.HOST,
]
KINDS = [
    Kind.PROGRAMME,
    Kind.PROJECT,
    Kind.COURSE,
    Kind.SOCIAL_INVESTMENT,
    Kind.STUDY,
    Kind.NETWORK,
    Kind.MATERIAL,
    Kind.POLICY,
]
KIND_WEIGHTS = [30, 35, 8, 7, 6, 5, 5, 4]


def disposable_database_problem(conn) -> str | None:
    """Why seeding this database is refused, or None when it is a benchmark or test database."""
    name = conn.settings_dict["NAME"] or ""
    if not (name.endswith("_bench") or name.startswith("test_")):
        return (
            f"Refusing to seed database {name!r}: its name must end in '_bench' (a benchmark "
            "database, e.g. EMBEDDED_DB_NAME=catalogue_bench or DATABASE_URL=…/catalogue_bench)."
        )
    real = Source.objects.filter(file_name__in=vocabulary.SOURCE_FILES)
    if real.exists():
        return (
            f"Refusing to seed database {name!r}: it holds the real catalogue (sources "
            f"{', '.join(real.values_list('file_name', flat=True))})."
        )
    return None


class Progress:
    """A plain-text progress bar on stderr: redrawn in place on a terminal, every 10% otherwise."""

    def __init__(self, stream, total: int, label: str):
        self.stream, self.total, self.label = stream, max(total, 1), label
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.shown = -1
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        percent = done * 100 // self.total
        step = percent if self.tty else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        elapsed = time.monotonic() - self.started
        line = f"{self.label} [{bar}] {percent:3d}% {done}/{self.total} {elapsed:5.1f}s"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        self.update(self.total)
        if self.tty:
            self.stream.write("\n")


def copy_lines(table: str, columns: list[str], lines) -> int:
    """Stream rows already in COPY text format into a table; returns how many were written."""
    count = 0
    column_list = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The queued writer sends data from a thread, so PostgreSQL works while Python generates.
        statement = f'COPY "{table}" ({column_list}) FROM STDIN'
        with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
            chunk = []
            for line in lines:
                chunk.append(line)
                if len(chunk) == 2000:
                    copy.write("".join(chunk))
                    count += len(chunk)
                    chunk = []
            copy.write("".join(chunk))
            count += len(chunk)
    return count


class BulkLoad:
    """Take the keys, indexes and link-table triggers off the loaded tables, and put them back.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so every copied row would queue
    a check run row by row at COMMIT, and every row would update each index in turn. Built
    after the load, a foreign key is validated with one join and an index with one sort.
    Triggers (the search document's) would recompute a programme once per row and per link;
    the loader fills what they compute in one set-based pass instead (fill_derived_columns).
    Primary keys stay. Everything happens inside the command's transaction, so a failure
    leaves the schema as it was.
    """

    def __init__(self, tables: list[str], log):
        self.tables = tables
        self.log = log
        self.disabled: list[str] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            # ALTER TABLE refuses while deferred checks are queued (loaddata defers them again).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # Foreign keys first: they may depend on the unique constraints dropped next.
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) "
                "ORDER BY contype = 'u', conname",
                [self.tables],
            )
            self.constraints = cursor.fetchall()
            cursor.execute(
                "SELECT indrelid::regclass::text, indexrelid::regclass::text, "
                "pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary "
                "AND indexrelid NOT IN (SELECT conindid FROM pg_constraint)",
                [self.tables],
            )
            self.indexes = cursor.fetchall()
            for table, name, _ in self.constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for _, name, _ in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
        self.log(f"dropped {len(self.constraints)} constraints and {len(self.indexes)} indexes")
        return self

    def disable_triggers(self, tables: list[str]) -> list[str]:
        """Switch off the tables' own triggers; returns the tables that had any."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgrelid = ANY(%s::regclass[])",
                [tables],
            )
            with_triggers = [row[0].strip('"') for row in cursor.fetchall()]
            for table in with_triggers:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        self.disabled += with_triggers
        return with_triggers

    def enable_triggers(self, tables: list[str]) -> None:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        self.disabled = [table for table in self.disabled if table not in tables]

    def rebuild_indexes(self, tables: list[str]) -> None:
        rebuilt = [index for index in self.indexes if index[0].strip('"') in tables]
        with connection.cursor() as cursor:
            for _, _, definition in rebuilt:
                cursor.execute(definition)
        self.indexes = [index for index in self.indexes if index not in rebuilt]
        self.log(f"indexes of {', '.join(tables)} rebuilt")

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            return  # the transaction rolls back, schema included
        self.rebuild_indexes(self.tables)
        with connection.cursor() as cursor:
            for table, name, definition in reversed(self.constraints):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for table in self.disabled:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        self.log("constraints added back, triggers on again")


def through_table(field):
    """(table, programme column, other column) of a plain many-to-many field of Programme."""
    through = field.remote_field.through
    return through._meta.db_table, field.m2m_column_name(), field.m2m_reverse_name()


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def sync_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f'GREATEST((SELECT MAX(id) FROM "{table}"), 1))',
            [table],
        )


class Command(BaseCommand):
    help = (
        "Fill a benchmark database with synthetic programmes (default 100,000) shaped like the "
        "real catalogue, using COPY. Runs only on a database whose name ends in '_bench' (or a "
        "test database, named 'test_…') that holds none of the real catalogue's sources; e.g. "
        "EMBEDDED_DB_NAME=catalogue_bench manage.py seed_synthetic --reset. Loads the countries, "
        "regions and municipalities fixtures if they are missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programmes", type=int, default=100_000, help="How many programmes (default 100000)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the programme tables (programmes, organisations, contacts, sources, "
            "themes, target groups) first; without it the command refuses when they hold rows.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Generate everything, then roll back."
        )

    def handle(self, *args, programmes, reset, seed, dry_run, **options):
        if not 1 <= programmes <= MAX_PROGRAMMES:
            raise CommandError(f"--programmes must be from 1 to {MAX_PROGRAMMES}, not {programmes}")
        problem = disposable_database_problem(connection)
        if problem:
            raise CommandError(problem)

        started = time.monotonic()

        def log(message):
            # -v 2 shows where the time goes.
            if options["verbosity"] >= 2:
                self.stderr.write(f"{time.monotonic() - started:6.1f}s {message}", style_func=str)

        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # The COPY of all programmes is one long statement.
                    cursor.execute("SET LOCAL statement_timeout = 0")
                    # TRUNCATE and ALTER TABLE refuse while deferred key checks are queued.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if reset:
                    self.truncate()
                else:
                    self.refuse_if_not_empty()
                if not Municipality.objects.exists():
                    call_command("loaddata", "countries", "regions", "municipalities", verbosity=0)
                counts = Seeder(random.Random(seed), self.stderr, log).run(programmes)
                with connection.cursor() as cursor:
                    # Django's foreign keys are all INITIALLY DEFERRED: back to that.
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                if dry_run:
                    transaction.set_rollback(True)
            log("committed")
        except DatabaseError as exc:
            raise CommandError(f"Nothing was saved: {str(exc).strip()}") from None
        if not dry_run:
            # Fresh statistics, so the planner sees the real sizes before anyone benchmarks, and
            # the row versions the search documents replaced cleared (outside a transaction).
            with connection.cursor() as cursor:
                if not connection.in_atomic_block:
                    cursor.execute("SET statement_timeout = 0")
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            log("analysed")

        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        verdict = "Dry run, nothing saved" if dry_run else "Seeded"
        self.stdout.write(self.style.SUCCESS(f"{verdict} in {elapsed:.1f} s: {summary}."))

    def truncate(self):
        tables = [m._meta.db_table for m in CONTENT_MODELS]
        tables += [
            f.remote_field.through._meta.db_table
            for f in Programme._meta.many_to_many
            if f.remote_field.through._meta.auto_created
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in tables)} "
                "RESTART IDENTITY CASCADE"
            )

    def refuse_if_not_empty(self):
        for model in CONTENT_MODELS:
            if model.objects.exists():
                raise CommandError(
                    f"The database already holds {model._meta.verbose_name_plural}; "
                    "pass --reset to replace them."
                )


class Seeder:
    """Generates the rows; one instance per run."""

    def __init__(self, rng: random.Random, stderr, log):
        self.rng = rng
        self.stderr = stderr
        self.log = log
        self.now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    def run(self, total: int) -> dict[str, int]:
        self.load_places()
        self.themes = self.create_vocabulary(Theme, vocabulary.THEMES)
        self.target_groups = self.create_vocabulary(TargetGroup, vocabulary.TARGET_GROUPS)
        self.create_sources()
        self.create_organisations()
        self.create_contacts(total)
        self.log("themes, target groups, sources, organisations and contacts created")
        return self.create_programmes(total)

    # --- reference data and small tables ------------------------------------------------------

    def load_places(self):
        municipalities = list(
            Municipality.objects.select_related("region", "country").order_by("code", "country")
        )
        if not municipalities:
            raise CommandError("No municipalities: load the reference fixtures first.")
        # Big cities first, the rest in a seeded random order; weights fall off like Zipf's law.
        big = {slug: i for i, slug in enumerate(vocabulary.LARGE_MUNICIPALITIES)}
        self.rng.shuffle(municipalities)
        municipalities.sort(key=lambda m: big.get(m.slug, len(big)))
        self.municipalities = municipalities
        self.weights = [1 / (rank + 4) ** 0.9 for rank in range(len(municipalities))]
        self.by_region = defaultdict(list)
        for m in municipalities:
            self.by_region[m.region_id].append(m)
        self.regions = {r.pk: r for r in Region.objects.select_related("country")}

    def create_vocabulary(self, model, entries):
        model.objects.bulk_create(
            [model(slug=s, name_sv=sv, name_en=en, name_da=da) for s, sv, en, da in entries],
            ignore_conflicts=True,
        )
        rows = {t.slug: t for t in model.objects.filter(slug__in=[e[0] for e in entries])}
        return [rows[e[0]] for e in entries]

    def create_sources(self):
        titles_sv = [t for t in vocabulary.TITLES_SV if len(t) > 20]
        sources = []
        for i in range(60):
            language = "da" if i % 6 == 0 else "sv"
            title = self.rng.choice(vocabulary.TITLES_DA if language == "da" else titles_sv)
            sources.append(
                Source(
                    file_name=f"synthetic_{i:03d}.txt",
                    title=title,
                    publisher="Syntetisk testdata",
                    published_year=self.rng.randint(2010, self.now.year),
                    language=language,
                )
            )
        Source.objects.bulk_create(sources)
        self.sources = {"sv": [], "da": []}
        for source in Source.objects.filter(file_name__startswith="synthetic_"):
            self.sources[source.language].append(source.pk)

    def create_organisations(self):
        slugs = set(Organisation.objects.values_list("slug", flat=True))

        def unique_slug(name):
            base = nordic_slugify(name)[:180] or "organisation"
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            return slug

        def org(name, kind, **fields):
            return Organisation(name=name, slug=unique_slug(name), kind=kind, **fields)

        municipal, regional, local = {}, {}, defaultdict(list)
        for m in self.municipalities:
            danish = m.country.code == "DK"
            municipal[m.pk] = org(
                f"{m.name} Kommune" if danish else f"{m.name} kommun",
                Organisation.Kind.MUNICIPALITY,
                country=m.country,
                municipality=m,
                region=m.region,
            )
        for region in self.regions.values():
            regional[region.pk] = org(
                region.authority_name,
                Organisation.Kind.REGION,
                country=region.country,
                region=region,
            )
        national = {"SE": [], "DK": []}
        for code, entries in (
            ("SE", vocabulary.NATIONAL_PARTNERS_SE),
            ("DK", vocabulary.NATIONAL_PARTNERS_DK),
        ):
            country = Country.objects.get(code=code)
            national[code] = [org(name, kind, country=country) for name, kind in entries]
        # Bigger places have more local partners.
        for rank, m in enumerate(self.municipalities):
            patterns = (
                vocabulary.LOCAL_PARTNER_PATTERNS_DK
                if m.country.code == "DK"
                else vocabulary.LOCAL_PARTNER_PATTERNS_SE
            )
            for pattern, kind in self.rng.sample(
                patterns, max(1, min(len(patterns), 40 // (rank + 5) + 2))
            ):
                local[m.pk].append(
                    org(
                        pattern.format(place=m.name),
                        kind,
                        country=m.country,
                        municipality=m,
                        region=m.region,
                    )
                )
        everything = [
            *municipal.values(),
            *regional.values(),
            *national["SE"],
            *national["DK"],
            *(o for orgs in local.values() for o in orgs),
        ]
        Organisation.objects.bulk_create(everything, batch_size=2000)
        ids = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        self.municipal_org = {k: ids[o.slug] for k, o in municipal.items()}
        self.regional_org = {k: ids[o.slug] for k, o in regional.items()}
        self.national_orgs = {c: [ids[o.slug] for o in orgs] for c, orgs in national.items()}
        self.local_orgs = {k: [ids[o.slug] for o in orgs] for k, orgs in local.items()}
        self.organisation_count = len(everything)

    def create_contacts(self, total: int):
        """A pool of people per municipality, sized by how many programmes it will have."""
        rng = self.rng
        weight_sum = sum(self.weights)
        contacts, owners = [], []
        for m, weight in zip(self.municipalities, self.weights, strict=True):
            danish = m.country.code == "DK"
            first = vocabulary.FIRST_NAMES_DA if danish else vocabulary.FIRST_NAMES_SV
            last = vocabulary.LAST_NAMES_DA if danish else vocabulary.LAST_NAMES_SV
            roles = vocabulary.ROLES_DA if danish else vocabulary.ROLES_SV
            domain = f"{m.slug}.{'dk' if danish else 'se'}"
            size = max(1, round(total * weight / weight_sum / 4))
            for _ in range(size):
                n = len(contacts) + 1
                if rng.random() < 0.1:
                    # A generic contact point: a mailbox, no name.
                    contacts.append(
                        Contact(
                            slug=f"kontakt-{m.slug}-{n}",
                            email=f"folkhalsa{n}@{domain}",
                            organisation_id=self.municipal_org[m.pk],
                        )
                    )
                else:
                    given, family = rng.choice(first), rng.choice(last)
                    local_part = nordic_slugify(f"{given}.{family}").replace("-", ".")
                    contacts.append(
                        Contact(
                            slug=f"{nordic_slugify(f'{given} {family}')}-{n}",
                            name=f"{given} {family}",
                            role=rng.choice(roles),
                            organisation_id=self.municipal_org[m.pk],
                            email=f"{local_part}@{domain}",
                            phone=f"0{rng.randint(10, 99)}-{rng.randint(100000, 999999)}",
                        )
                    )
                owners.append(m.pk)
        created = Contact.objects.bulk_create(contacts, batch_size=5000)
        self.contacts = defaultdict(list)
        for contact, owner in zip(created, owners, strict=True):
            self.contacts[owner].append(contact.pk)
        self.contact_count = len(created)

    # --- programmes and their relations, by COPY -----------------------------------------------

    # The Programme columns generated here, in row order.
    PROGRAMME_FIELDS = [
        "id",
        "title",
        "slug",
        "kind",
        "summary",
        "description",
        "language",
        "status",
        "start_year",
        "end_year",
        "parent",
        "evidence",
        "is_published",
        "last_verified",
        "version",
        "created_at",
        "updated_at",
    ]

    def programme_columns(self):
        """Columns to COPY and the defaults for stored columns not generated here.

        Generated columns (e.g. a search vector) fill themselves; any other column a later
        migration adds gets its model default.
        """
        known = [Programme._meta.get_field(name) for name in self.PROGRAMME_FIELDS]
        others = [
            f
            for f in Programme._meta.concrete_fields
            if f not in known and not getattr(f, "generated", False)
        ]
        return [f.column for f in known + others], tuple(f.get_default() for f in others)

    def create_programmes(self, total: int) -> dict[str, int]:
        rng = self.rng
        year = self.now.year
        first_id = next_id(Programme)
        # Everything drawn by weight is drawn for all programmes at once: far cheaper per item.
        chosen = rng.choices(self.municipalities, weights=self.weights, k=total)
        kinds = rng.choices(KINDS, weights=KIND_WEIGHTS, k=total)
        theme_counts = rng.choices((1, 2, 3, 4), (35, 35, 20, 10), k=total)
        group_counts = rng.choices((1, 2, 3), (50, 35, 15), k=total)
        contact_counts = rng.choices((0, 1, 2, 3), (20, 45, 25, 10), k=total)
        partner_counts = rng.choices((0, 1, 2, 3, 4), (25, 30, 25, 12, 8), k=total)
        theme_draws = DistinctDraws(rng, [t.pk for t in self.themes], total * 6)
        group_draws = DistinctDraws(rng, [g.pk for g in self.target_groups], total * 4)
        group_names = {
            "sv": [escape(g.name_sv.lower()) for g in self.target_groups],
            "da": [escape(g.name_da.lower()) for g in self.target_groups],
        }
        topics = {
            "sv": [t for t in vocabulary.TITLES_SV if 12 <= len(t) <= 80]
            + [t[1] for t in vocabulary.THEMES],
            "da": vocabulary.TOPICS_DA + vocabulary.TITLES_DA + [t[3] for t in vocabulary.THEMES],
        }
        patterns = {"sv": vocabulary.TITLE_PATTERNS_SV, "da": vocabulary.TITLE_PATTERNS_DA}
        texts = {
            "sv": TextPool(rng, [escape(s) for s in vocabulary.SENTENCES_SV]),
            "da": TextPool(rng, [escape(s) for s in vocabulary.SENTENCES_DA]),
        }
        slugs: dict[str, str] = {}
        columns, defaults = self.programme_columns()
        extra = "".join("\t" + copy_text(value) for value in defaults)
        start = int(datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC).timestamp())
        now = int(self.now.timestamp())

        links = {"municipalities": [], "themes": [], "target_groups": [], "contacts": []}
        participations, citations = [], []
        parents: list[int] = []
        progress = Progress(self.stderr, total, "programmes")

        def lines():
            random_ = rng.random
            for offset, municipality in enumerate(chosen):
                pk = first_id + offset
                language = "da" if municipality.country.code == "DK" else "sv"
                title = rng.choice(patterns[language]).format(
                    topic=rng.choice(topics[language]),
                    place=municipality.name,
                    group=rng.choice(group_names[language]),
                )[:250]
                if title not in slugs:
                    slugs[title] = nordic_slugify(title)[:200]
                summary, (description, body) = texts[language].pick()
                if random_() < 0.07:
                    start_year = end_year = "\\N"
                    status = Status.UNKNOWN
                else:
                    first_year = min(year + 1, 2004 + int(random_() ** 0.6 * 23))
                    last_year = None if random_() < 0.35 else first_year + rng.randint(0, 5)
                    if first_year > year:
                        status = Status.PLANNED
                    elif last_year is not None and last_year < year:
                        status = Status.COMPLETED
                    else:
                        status = Status.ONGOING
                    start_year = first_year
                    end_year = "\\N" if last_year is None else last_year
                parent = "\\N"
                if parents and random_() < 0.08:
                    parent = rng.choice(parents[-300:])
                elif random_() < 0.02:
                    parents.append(pk)
                created = rng.randrange(start, now)
                updated = created + int(random_() * (now - created))
                verified = timestamp(updated)[:10] if random_() < 0.7 else "\\N"
                evidence = Evidence.TITLE_ONLY if random_() < 0.1 else Evidence.DOCUMENT
                published = "f" if random_() < 0.05 else "t"

                links["municipalities"] += [(pk, m.pk) for m in self.places(municipality)]
                links["themes"] += [(pk, t) for t in theme_draws.take(theme_counts[offset])]
                links["target_groups"] += [(pk, g) for g in group_draws.take(group_counts[offset])]
                pool = self.contacts[municipality.pk]
                wanted = min(len(pool), contact_counts[offset])
                links["contacts"] += [(pk, c) for c in rng.sample(pool, wanted)]
                participations.extend(
                    (pk, org, role)
                    for org, role in self.partners(municipality, partner_counts[offset]).items()
                )
                citations.append((pk, rng.choice(self.sources[language]), rng.choice(body)))

                if offset % 1000 == 0:
                    progress.update(offset)
                # In PROGRAMME_FIELDS order.
                yield (
                    f"{pk}\t{escape(title)}\t{slugs[title]}-{pk}\t{kinds[offset]}\t{summary}\t"
                    f"{description}\t{language}\t{status}\t{start_year}\t{end_year}\t{parent}\t"
                    f"{evidence}\t{published}\t{verified}\t{1 + offset % 4}\t"
                    f"{timestamp(created)}\t{timestamp(updated)}{extra}\n"
                )

        def pairs(rows):
            return ("\t".join(map(str, row)) + "\n" for row in rows)

        # Generated first, so that the links can be loaded before the programmes (see BulkLoad).
        programme_lines = list(lines())
        progress.finish()
        self.log("programmes generated")

        through = {name: through_table(Programme._meta.get_field(name)) for name in links}
        link_tables = [t for t, _, _ in through.values()]
        link_tables += [Participation._meta.db_table, Citation._meta.db_table]
        counts = {}
        programme_table = Programme._meta.db_table
        with BulkLoad([programme_table, *link_tables], self.log) as load:
            with_triggers = load.disable_triggers([programme_table, *link_tables])
            for name, rows in links.items():
                table, own, other = through[name]
                label = f"{name.replace('_', ' ')} links"
                counts[label] = copy_lines(table, [own, other], pairs(rows))
            counts["participations"] = copy_lines(
                Participation._meta.db_table,
                ["programme_id", "organisation_id", "role"],
                pairs(participations),
            )
            counts["citations"] = copy_lines(
                Citation._meta.db_table,
                ["programme_id", "source_id", "quote"],
                (f"{pk}\t{source}\t{quote}\n" for pk, source, quote in citations),
            )
            self.log("links copied")
            load.rebuild_indexes(link_tables)
            counts = {
                "programmes": copy_lines(programme_table, columns, programme_lines),
                **counts,
            }
            self.log("programmes copied")
            self.fill_derived_columns(first_id, first_id + total - 1, load, with_triggers)
            load.rebuild_indexes([programme_table])
            for model in (Programme, Participation, Citation):
                sync_sequence(model)
        counts["organisations"] = self.organisation_count
        counts["contacts"] = self.contact_count
        return counts

    def fill_derived_columns(self, first, last, load, with_triggers):
        """What the programme table's triggers keep: the full-text search document.

        programmes/search.py builds it in SQL (programmes_search_document): the title,
        summary and description, each stemmed in the programme's language and folded
        (weights A, B, C), then the names of its municipalities, regions and organisations
        (D). Row by row that costs milliseconds a programme; SEARCH_DOCUMENTS_SQL computes
        the same for all of them set-based. Any other trigger is simply replayed row by row.
        """
        table = Programme._meta.db_table
        if table not in with_triggers:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_regprocedure('programmes_search_document(bigint,text,text,text,text)')"
            )
            if cursor.fetchone()[0] is None:
                load.enable_triggers([table])
                cursor.execute(
                    f'UPDATE "{table}" SET title = title WHERE id BETWEEN %s AND %s', [first, last]
                )
                self.log("programme triggers replayed")
                return
            # The planner misjudges the text joins (correlated columns, CTEs without
            # statistics); hash joins are right, and with room enough for 100,000 rows they
            # stay in memory. The joins go in the order written, each text joined to the
            # programmes: left free, PostgreSQL may join titles to summaries on their shared
            # language alone, a product of millions of rows that once filled the disk.
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL join_collapse_limit = 1")
            cursor.execute(SEARCH_DOCUMENTS_SQL, {"first": first, "last": last})
            cursor.execute("RESET enable_nestloop")
            cursor.execute("RESET work_mem")
            cursor.execute("RESET join_collapse_limit")
        self.log("search documents filled")

    def places(self, municipality):
        """The programme's municipality, now and then with neighbours from its region."""
        if self.rng.random() >= 0.08:
            return [municipality]
        neighbours = self.by_region[municipality.region_id]
        extra = self.rng.sample(neighbours, min(len(neighbours), self.rng.randint(1, 3)))
        return [municipality] + [m for m in extra if m is not municipality]

    def partners(self, municipality, count: int) -> dict[int, str]:
        """Organisation id → role: the municipality leads; local, regional or national partners."""
        rng = self.rng
        organisations = {self.municipal_org[municipality.pk]: Participation.Role.LEAD}
        local = self.local_orgs.get(municipality.pk)
        for _ in range(count):
            draw = rng.random()
            if draw < 0.55 and local:
                candidate = rng.choice(local)
            elif draw < 0.75:
                candidate = self.regional_org[municipality.region_id]
            else:
                candidate = rng.choice(self.national_orgs[municipality.country.code])
            organisations.setdefault(candidate, rng.choice(ROLES))
        return organisations


# The search document of every programme in [first, last], as programmes_search_document
# (programmes/migrations/0002_programme_search_vector.py) computes it, but with each distinct
# title, summary and description stemmed once and the names gathered in grouped queries.
# The text CTEs are MATERIALIZED: inlined, PostgreSQL would stem a text once per programme
# that uses it (60 s instead of 20 s at 100,000 programmes).
# tests/test_seed_synthetic.py checks both give the same lexemes and weights.
def _part(column, weight):
    # Words joined by a slash are split first, as in migration
    # 0005_search_statement_triggers_split_slashes.
    text = (
        f"regexp_replace(coalesce({column}, ''), "
        "'(?<=[^[:space:]<])/(?=[^[:space:]>])', ' ', 'g')"
    )
    return (
        f"setweight(to_tsvector(programmes_search_config(language), {text}), '{weight}') || "
        f"setweight(to_tsvector('simple', programmes_fold({text})), '{weight}')"
    )


def _stemmed_once(name, column, weight):
    """A CTE with each distinct (language, text) of the column and its weighted vector."""
    return f"""
{name} AS MATERIALIZED (
    SELECT language, {column}, {_part(column, weight)} AS vector
      FROM (SELECT DISTINCT language, {column} FROM programmes_programme
             WHERE id BETWEEN %(first)s AND %(last)s) AS distinct_texts
),"""


SEARCH_DOCUMENTS_SQL = (
    "WITH"
    + _stemmed_once("titles", "title", "A")
    + _stemmed_once("summaries", "summary", "B")
    + _stemmed_once("descriptions", "description", "C")
    + """
places AS (
    SELECT pm.programme_id, string_agg(m.name || ' ' || r.name, ' ') AS names
      FROM programmes_programme_municipalities pm
      JOIN municipalities_municipality m ON m.id = pm.municipality_id
      JOIN municipalities_region r ON r.id = m.region_id
     WHERE pm.programme_id BETWEEN %(first)s AND %(last)s
     GROUP BY pm.programme_id
),
organisations AS (
    SELECT pa.programme_id, string_agg(o.name, ' ') AS names
      FROM programmes_participation pa
      JOIN programmes_organisation o ON o.id = pa.organisation_id
     WHERE pa.programme_id BETWEEN %(first)s AND %(last)s
     GROUP BY pa.programme_id
)
UPDATE programmes_programme p
   SET search_vector = documents.vector
  FROM (
    SELECT q.id, t.vector || s.vector || d.vector
           || setweight(to_tsvector('simple', programmes_fold(concat_ws(' ', pl.names, o.names))),
                        'D') AS vector
      FROM programmes_programme q
      JOIN titles t ON t.language = q.language AND t.title = q.title
      JOIN summaries s ON s.language = q.language AND s.summary = q.summary
      JOIN descriptions d ON d.language = q.language AND d.description = q.description
      JOIN places pl ON pl.programme_id = q.id
      JOIN organisations o ON o.programme_id = q.id
     WHERE q.id BETWEEN %(first)s AND %(last)s
  ) AS documents
 WHERE p.id = documents.id
"""
)


class TextPool:
    """Summaries and descriptions made of the documents' sentences, drawn from a fixed pool.

    A pool (thousands of distinct texts) rather than a new text per programme: PostgreSQL
    then stems each distinct text once for the search documents (see fill_search_vectors).
    """

    SUMMARIES = 1500
    DESCRIPTIONS = 2500

    def __init__(self, rng, sentences):
        self.rng = rng
        self.summaries = [
            " ".join(rng.choices(sentences, k=rng.choice((1, 2)))) for _ in range(self.SUMMARIES)
        ]
        self.descriptions = []
        for _ in range(self.DESCRIPTIONS):
            body = rng.choices(sentences, k=rng.randint(3, 9))
            # Paragraphs of up to three sentences (a blank line, escaped for COPY).
            text = "\\n\\n".join(" ".join(body[i : i + 3]) for i in range(0, len(body), 3))
            self.descriptions.append((text, body))

    def pick(self):
        return self.rng.choice(self.summaries), self.rng.choice(self.descriptions)


class DistinctDraws:
    """Sets of different items, the first items favoured (like a long tail), pre-drawn in bulk."""

    def __init__(self, rng, population, size):
        self.rng, self.population = rng, population
        weights = [1 / (rank + 2) for rank in range(len(population))]
        self.draws = rng.choices(population, weights=weights, k=size)
        self.position = 0

    def take(self, k: int) -> list:
        picked = []
        while len(picked) < k:
            if self.position >= len(self.draws):
                self.position = 0
            item = self.draws[self.position]
            self.position += 1
            if item not in picked:
                picked.append(item)
        return picked


# COPY's text format: backslash escapes, \N for NULL, t/f for booleans.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def escape(text: str) -> str:
    return text.translate(COPY_ESCAPES)


def copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return escape(str(value))


def timestamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(seconds))
