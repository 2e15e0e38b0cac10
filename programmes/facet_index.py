"""The list's facet counts for visitors, from bitmaps kept in memory per data version.

Counted with SQL, each facet is a grouped query over every programme the other filters let
through: 40–70 ms a facet, some 400 ms a list page at 100,000 programmes, for each filter
combination. Here every published programme is a bit (at its id) in one Python integer per
facet option (a theme, a region, an organisation…). The index is built in each process from
five queries the first time a list page needs it after a change to the data (about a second
and 25 MB at 100,000 programmes); a count is then an AND and a popcount, and all seven facets
of a page take a few milliseconds whatever the filters.

Filters that are not facets (the search text, the year) become a bitmap of the ids SQL finds.
Only published programmes are indexed: staff, who see drafts too, get the SQL counts of
ProgrammeFilterSet.count_facets(). tests/test_facet_index.py checks that both agree.
"""

import threading
from collections import defaultdict

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Max

from catalogue.datacache import data_version
from municipalities.models import Country, Municipality, Region
from programmes.filters import option_key
from programmes.models import Organisation, Participation, Programme, TargetGroup, Theme

_lock = threading.Lock()
_current = None


def facet_index():
    """The index for the current data version, built (once per process) if it is missing."""
    global _current
    version = data_version()
    with _lock:
        if _current is None or _current.version != version:
            _current = None  # let the old one go before the new one is built
            _current = FacetIndex(version)
        return _current


def _bitmaps(grouped, size):
    """{option: bitmap} from (option, [programme ids]) rows."""
    return {option: _bitmap(ids, size) for option, ids in grouped}


def _grouped(queryset, option, programme="programme_id"):
    """(option, [programme ids]) rows: one array per option, a few hundred rows in all."""
    return (
        queryset.values(option)
        .annotate(ids=ArrayAgg(programme))
        .values_list(option, "ids")
        .order_by()
    )


def _bitmap(ids, size=None):
    """An int with bit ``pk`` set for each id (``size``: one more than the largest id)."""
    bits = bytearray((size or max(ids, default=0) + 1) // 8 + 1)
    for pk in ids:
        bits[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(bits, "little")


def _union(bitmaps):
    result = 0
    for bits in bitmaps:
        result |= bits
    return result


class FacetIndex:
    def __init__(self, version):
        self.version = version
        published = Programme.objects.published()
        size = (published.aggregate(last=Max("id"))["last"] or 0) + 1
        self.statuses = _bitmaps(_grouped(published, "status", programme="id"), size)
        self.published = _union(self.statuses.values())

        links = Programme.municipalities.through.objects.filter(programme__is_published=True)
        by_municipality = _bitmaps(_grouped(links, "municipality_id"), size)
        municipalities = {m.pk: m for m in Municipality.objects.all()}
        by_region, by_country = defaultdict(list), defaultdict(list)
        for pk, bits in by_municipality.items():
            by_region[municipalities[pk].region_id].append(bits)
            by_country[municipalities[pk].country_id].append(bits)

        def linked(through, column):
            return _bitmaps(
                _grouped(through.objects.filter(programme__is_published=True), column), size
            )

        # {facet: {option id: bitmap}} and the option objects, for keys and labels.
        self.options = {
            "country": {pk: _union(bits) for pk, bits in by_country.items()},
            "region": {pk: _union(bits) for pk, bits in by_region.items()},
            "municipality": by_municipality,
            "theme": linked(Programme.themes.through, "theme_id"),
            "target_group": linked(Programme.target_groups.through, "targetgroup_id"),
            "partner": linked(Participation, "organisation_id"),
        }
        ids = {facet: list(bits) for facet, bits in self.options.items()}
        self.objects = {
            "country": Country.objects.in_bulk(ids["country"]),
            "region": Region.objects.in_bulk(ids["region"]),
            "municipality": {pk: municipalities[pk] for pk in ids["municipality"]},
            "theme": Theme.objects.in_bulk(ids["theme"]),
            "target_group": TargetGroup.objects.in_bulk(ids["target_group"]),
            "partner": Organisation.objects.in_bulk(ids["partner"]),
        }

    def totals(self, facet):
        """{option id: number of published programmes} for one facet, over the whole catalogue."""
        return {pk: bits.bit_count() for pk, bits in self.options[facet].items()}

    def counts(self, filterset):
        """What ProgrammeFilterSet.count_facets() returns, for published programmes only,
        and under "total" the number of programmes all the filters let through."""
        filterset.is_valid()  # cleans the form, if nothing has yet
        narrowing = {
            name: self._matching(filterset, name, value)
            for name, value in filterset.form.cleaned_data.items()
            # As the filters themselves: an empty value (None, "", no themes) filters nothing.
            if name != "sort" and value
        }

        def base(without):
            bits = self.published
            for name, matching in narrowing.items():
                if name != without:
                    bits &= matching
            return bits

        counts = {}
        for facet, options in self.options.items():
            within = base(facet)
            key = option_key(facet)
            objects = self.objects[facet]
            counted = {}
            for pk, bits in options.items():
                count = (within & bits).bit_count()
                if count:
                    option = objects[pk]
                    counted[getattr(option, key)] = (option.name, count)
            counts[facet] = counted
        counts["total"] = base(None).bit_count()
        within = base("status")
        counts["status"] = {
            status: count
            for status, bits in self.statuses.items()
            if (count := (within & bits).bit_count())
        }
        return counts

    def _matching(self, filterset, name, value):
        """The bitmap of published programmes one filter lets through."""
        if name in self.options:
            chosen = value if name == "theme" else [value]
            return _union(self.options[name].get(option.pk, 0) for option in chosen)
        if name == "status":
            return self.statuses.get(value, 0)
        # The search text and the year: ask PostgreSQL which programmes match.
        ids = filterset.filters[name].filter(Programme.objects.published(), value)
        return _bitmap(list(ids.values_list("id", flat=True).order_by()))
