"""Small builders for test data: sensible defaults, any field overridable."""

from itertools import count

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

_serial = count(1)


def make_country(code="SE", **fields):
    names = {"SE": ("Sverige", "Sweden", "Sverige"), "DK": ("Danmark", "Denmark", "Danmark")}
    sv, en, da = names.get(code, (code, code, code))
    defaults = {"name_sv": sv, "name_en": en, "name_da": da}
    return Country.objects.get_or_create(code=code, defaults={**defaults, **fields})[0]


def make_region(country=None, **fields):
    n = next(_serial)
    fields.setdefault("code", f"{n:02d}")
    fields.setdefault("name", f"Region {n}")
    fields.setdefault("slug", f"region-{n}")
    fields.setdefault("authority_name", f"Regionförbund {n}")
    return Region.objects.create(country=country or make_country(), **fields)


def make_municipality(region=None, **fields):
    n = next(_serial)
    region = region or make_region()
    fields.setdefault("code", f"{n:04d}")
    fields.setdefault("name", f"Kommun {n}")
    fields.setdefault("slug", f"kommun-{n}")
    return Municipality.objects.create(country=region.country, region=region, **fields)


def make_theme(**fields):
    n = next(_serial)
    fields.setdefault("slug", f"theme-{n}")
    fields.setdefault("name_sv", f"Tema {n}")
    fields.setdefault("name_en", f"Theme {n}")
    fields.setdefault("name_da", f"Tema {n}")
    return Theme.objects.create(**fields)


def make_target_group(**fields):
    n = next(_serial)
    fields.setdefault("slug", f"group-{n}")
    fields.setdefault("name_sv", f"Målgrupp {n}")
    fields.setdefault("name_en", f"Target group {n}")
    fields.setdefault("name_da", f"Målgruppe {n}")
    return TargetGroup.objects.create(**fields)


def make_source(**fields):
    n = next(_serial)
    fields.setdefault("file_name", f"{n:03d}_source.txt")
    fields.setdefault("title", f"Källa {n}")
    fields.setdefault("language", "sv")
    return Source.objects.create(**fields)


def make_organisation(**fields):
    n = next(_serial)
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("slug", f"organisation-{n}")
    fields.setdefault("kind", Organisation.Kind.ASSOCIATION)
    return Organisation.objects.create(**fields)


def make_contact(**fields):
    n = next(_serial)
    fields.setdefault("slug", f"contact-{n}")
    fields.setdefault("name", f"Kontakt {n}")
    return Contact.objects.create(**fields)


def make_programme(
    *,
    municipalities=(),
    themes=(),
    target_groups=(),
    contacts=(),
    partners=(),
    source=None,
    quote="Citat ur källan.",
    **fields,
):
    """A programme; ``partners`` is a sequence of (organisation, role) pairs."""
    n = next(_serial)
    fields.setdefault("title", f"Program {n}")
    fields.setdefault("slug", f"program-{n}")
    fields.setdefault("summary", f"Sammanfattning av program {n}.")
    fields.setdefault("is_published", True)
    programme = Programme.objects.create(**fields)
    programme.municipalities.set(municipalities)
    programme.themes.set(themes)
    programme.target_groups.set(target_groups)
    programme.contacts.set(contacts)
    for organisation, role in partners:
        Participation.objects.create(programme=programme, organisation=organisation, role=role)
    if source is not None:
        Citation.objects.create(programme=programme, source=source, quote=quote)
    return programme
