"""The programme list's filters: GET parameters other pages link to (keep their names).

``q`` free text; ``country`` ISO code (any case); ``region``, ``municipality``, ``theme``
(repeatable, any of them), ``target_group`` and ``partner`` by slug; ``status``; ``year`` (running
that year); ``sort``. Unknown values become form errors shown on the page and are ignored.
"""

import django_filters
from django import forms
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.text import nordic_sort_key
from municipalities.models import Country, Municipality, Region
from programmes import search
from programmes.models import Organisation, Participation, Programme, Status, TargetGroup, Theme

MIN_YEAR, MAX_YEAR = 1900, 2100
DEFAULT_SORT = "relevance"


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class ProgrammeFilterSet(django_filters.FilterSet):
    SORT_CHOICES = [
        # Without a search, "best match" is title order.
        ("relevance", _("Best match")),
        ("title", _("Title")),
        ("newest", _("Newest")),
        ("updated", _("Recently updated")),
    ]
    # The facets shown as option lists, with the filter each one counts for.
    FACETS = ["country", "region", "municipality", "theme", "target_group", "partner", "status"]

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        method="in_country",
        error_messages={"invalid_choice": _("There is no country with the code “%(value)s”.")},
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="in_region",
        error_messages={"invalid_choice": _("There is no region with the key “%(value)s”.")},
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="in_municipality",
        error_messages={"invalid_choice": _("There is no municipality with the key “%(value)s”.")},
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="with_any_theme",
        error_messages={
            "invalid_choice": _("There is no theme with the key “%(value)s”."),
            "invalid_pk_value": _("There is no theme with the key “%(pk)s”."),
        },
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        method="for_target_group",
        error_messages={"invalid_choice": _("There is no target group with the key “%(value)s”.")},
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="with_partner",
        error_messages={"invalid_choice": _("There is no organisation with the key “%(value)s”.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    year = YearFilter(
        label=_("Running in year"),
        method="running_in",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"invalid": _("Enter a year as four digits, e.g. 2024.")},
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="unsorted",
        error_messages={"invalid_choice": _("There is no sort order “%(value)s”.")},
    )

    class Meta:
        model = Programme
        fields = [
            "q",
            "country",
            "region",
            "municipality",
            "theme",
            "target_group",
            "partner",
            "status",
            "year",
            "sort",
        ]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in data:
                # NUL bytes cannot reach PostgreSQL; nobody types them on purpose.
                data.setlist(key, [value.replace("\x00", "") for value in data.getlist(key)])
            if data.get("country"):
                data["country"] = data["country"].upper()
        super().__init__(data, *args, **kwargs)

    # -- filters -------------------------------------------------------------------------
    # Relations are matched with subqueries on the link tables, so a programme in two
    # matching municipalities still comes once, without DISTINCT (which would fight ranking).

    def search(self, queryset, name, value):
        terms = search.search_terms(value)
        if not terms:
            return queryset
        return queryset.filter(search.matches(terms))

    def in_country(self, queryset, name, value):
        return queryset.filter(pk__in=programmes_linked_to(municipality__country=value))

    def in_region(self, queryset, name, value):
        return queryset.filter(pk__in=programmes_linked_to(municipality__region=value))

    def in_municipality(self, queryset, name, value):
        return queryset.filter(pk__in=programmes_linked_to(municipality=value))

    def with_any_theme(self, queryset, name, value):
        if not value:
            return queryset
        link = Programme.themes.through.objects.filter(theme__in=value)
        return queryset.filter(pk__in=link.values("programme_id"))

    def for_target_group(self, queryset, name, value):
        link = Programme.target_groups.through.objects.filter(targetgroup=value)
        return queryset.filter(pk__in=link.values("programme_id"))

    def with_partner(self, queryset, name, value):
        link = Participation.objects.filter(organisation=value)
        return queryset.filter(pk__in=link.values("programme_id"))

    def running_in(self, queryset, name, value):
        # An open start or end counts as running, provided the other end is known; a
        # completed programme with no end year ran in its start year only.
        started = Q(start_year__lte=value) | Q(start_year__isnull=True, end_year__isnull=False)
        not_ended = Q(end_year__gte=value) | Q(end_year__isnull=True, start_year__isnull=False) & (
            ~Q(status=Status.COMPLETED) | Q(start_year=value)
        )
        return queryset.filter(started & not_ended)

    def unsorted(self, queryset, name, value):
        return queryset  # applied by sort_queryset(), after the facets are counted

    # -- whole-set helpers ----------------------------------------------------------------

    def filter_queryset(self, queryset, without=None):
        """Apply every valid filter, except ``without`` (one facet's own filter)."""
        for name, value in self.form.cleaned_data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def search_terms(self):
        return search.search_terms(self.form.cleaned_data.get("q") or "")

    @property
    def sort_order(self):
        chosen = self.form.cleaned_data.get("sort") or DEFAULT_SORT
        if chosen == "relevance" and not self.search_terms:
            return "title"
        return chosen

    def sort_queryset(self, queryset):
        terms = self.search_terms
        if terms:
            queryset = queryset.annotate(
                in_title=search.in_title(terms),
                rank=search.rank(terms),
                headline=search.headline(terms),
            )
        order = {
            "relevance": ["-in_title", "-rank", "title"],
            "title": ["title", "pk"],
            "newest": [F("start_year").desc(nulls_last=True), "-created_at", "pk"],
            "updated": ["-updated_at", "pk"],
        }[self.sort_order]
        return queryset.order_by(*order)

    def facets(self, counts=None):
        """Each facet's options with the number of programmes each would give, counted with
        the other active filters applied.

        ``counts`` ({facet: {option key: (label, count)}}, statuses {value: count}) comes from
        programmes.facet_index for visitors; without it they are counted here with SQL.
        Returns {facet name: [{"value", "label", "count", "selected"}]}; options that would
        give nothing are left out unless selected.
        """
        counts = counts if counts is not None else self.count_facets()
        selected = self.form.cleaned_data
        facets = {
            name: self._options(name, counts[name]) for name in self.FACETS if name != "status"
        }
        facets["status"] = [
            {
                "value": value,
                "label": label,
                "count": counts["status"].get(value, 0),
                "selected": value == selected.get("status"),
            }
            for value, label in Status.choices
        ]
        return facets

    def count_facets(self):
        """{facet: {option key: (label, count)}} with SQL: one grouped query per facet."""

        def base(without):
            return self.filter_queryset(self.queryset.all(), without=without).values("pk")

        def counted(model, relation, name, distinct=False):
            # Filtering before annotating makes the count cover only matching programmes,
            # and lets PostgreSQL start from them (a semi-join) instead of from every link.
            rows = model.objects.filter(**{f"{relation}__in": base(name)}).annotate(
                count=Count(relation, distinct=distinct)
            )
            return {getattr(row, option_key(name)): (row.name, row.count) for row in rows}

        return {
            "country": counted(Country, "municipalities__programmes", "country", distinct=True),
            "region": counted(Region, "municipalities__programmes", "region", distinct=True),
            "municipality": counted(Municipality, "programmes", "municipality"),
            "theme": counted(Theme, "programmes", "theme"),
            "target_group": counted(TargetGroup, "programmes", "target_group"),
            "partner": counted(Organisation, "participations__programme", "partner", distinct=True),
            "status": dict(
                base("status").values_list("status").annotate(count=Count("pk")).order_by()
            ),
        }

    def _options(self, name, counted):
        key = option_key(name)
        chosen = _as_list(self.form.cleaned_data.get(name))
        found = dict(counted)
        # A chosen option the other filters rule out still shows, with nothing to give.
        for obj in chosen:
            found.setdefault(getattr(obj, key), (obj.name, 0))
        chosen_keys = {getattr(obj, key) for obj in chosen}
        language = get_language()
        return [
            {"value": value, "label": label, "count": count, "selected": value in chosen_keys}
            for value, (label, count) in sorted(
                found.items(), key=lambda item: nordic_sort_key(item[1][0], language)
            )
        ]


def option_key(facet):
    """What a facet's options are called by in URLs: countries by code, the rest by slug."""
    return "code" if facet == "country" else "slug"


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, models.Model):
        return [value]
    return list(value)


def programmes_linked_to(**lookup):
    """Ids of programmes linked to matching municipalities, for ``pk__in``: a semi-join, so no
    DISTINCT (which would sort every matching programme before the newest could be picked)."""
    return Programme.municipalities.through.objects.filter(**lookup).values("programme_id")
