"""The POST data the admin's programme form sends, built from a programme as stored."""

from programmes.models import Programme


def programme_form_data(programme=None, *, partners=None, citations=None, **fields):
    """Form data for ``programme`` (or an empty new one), with ``fields`` changed.

    ``partners`` and ``citations`` replace the inline rows: lists of (organisation, role) and
    (source, quote); existing rows not listed are sent with DELETE ticked.
    """
    programme = programme or Programme()
    stored = programme.pk is not None
    data = {
        "title": programme.title,
        "slug": programme.slug,
        "kind": programme.kind,
        "status": programme.status,
        "start_year": programme.start_year or "",
        "end_year": programme.end_year or "",
        "summary": programme.summary,
        "description": programme.description,
        "language": programme.language,
        "parent": programme.parent_id or "",
        "evidence": programme.evidence,
        "last_verified": programme.last_verified or "",
        "loaded_version": programme.version,
    }
    for name in ["municipalities", "themes", "target_groups", "contacts"]:
        data[name] = [obj.pk for obj in getattr(programme, name).all()] if stored else []
    if programme.is_published:
        data["is_published"] = "on"

    existing_partners = list(programme.participations.all()) if stored else []
    if partners is None:
        partners = [(p.organisation, p.role) for p in existing_partners]
        existing_partners_kept = existing_partners
    else:
        existing_partners_kept = []
    data.update(
        inline_rows(
            "participations",
            existing_partners,
            existing_partners_kept,
            [{"organisation": org.pk, "role": role} for org, role in partners],
            programme,
        )
    )

    existing_citations = list(programme.citations.all()) if stored else []
    if citations is None:
        citations = [(c.source, c.quote) for c in existing_citations]
        existing_citations_kept = existing_citations
    else:
        existing_citations_kept = []
    data.update(
        inline_rows(
            "citations",
            existing_citations,
            existing_citations_kept,
            [{"source": source.pk, "quote": quote} for source, quote in citations],
            programme,
        )
    )

    for name, value in fields.items():
        if name == "is_published":
            data.pop("is_published", None)
            if value:
                data["is_published"] = "on"
        elif value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def inline_rows(prefix, existing, kept, wanted, programme):
    """Management form and rows: kept rows unchanged, others deleted, ``wanted`` added."""
    data = {}
    index = 0
    kept_ids = {row.pk for row in kept}
    for row in existing:
        values = {"id": row.pk, "programme": programme.pk}
        if row.pk in kept_ids:
            values.update(wanted.pop(0))
        else:
            values.update(
                {"organisation": row.organisation_id, "role": row.role}
                if prefix == "participations"
                else {"source": row.source_id, "quote": row.quote}
            )
            values["DELETE"] = "on"
        data.update({f"{prefix}-{index}-{key}": value for key, value in values.items()})
        index += 1
    for values in wanted:
        values = {"id": "", "programme": programme.pk or "", **values}
        data.update({f"{prefix}-{index}-{key}": value for key, value in values.items()})
        index += 1
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": index,
            f"{prefix}-INITIAL_FORMS": len(existing),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    return data
