"""Public pages for programmes, themes and partners."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from catalogue.datacache import cached
from programmes import search
from programmes.facet_index import facet_index
from programmes.filters import DEFAULT_SORT, ProgrammeFilterSet
from programmes.models import Organisation, Participation, Programme, Theme

# Sent by static/js/filters.js, which swaps in only the filters-and-results region.
PARTIAL_HEADER = "X-Requested-With"
PARTIAL_VALUE = "fetch"


class ForgivingPaginationMixin:
    """Out-of-range or non-numeric ``page`` shows the nearest page with a note, never a 404."""

    page_message = ""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        number = self.request.GET.get(self.page_kwarg) or 1
        try:
            page = paginator.page(number)
        except PageNotAnInteger:
            page = paginator.page(1)
            self.page_message = _("“Page” must be a whole number; showing the first page.")
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
            self.page_message = _("There is no such page; showing the last page.")
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None and page.has_other_pages():
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        context["page_message"] = self.page_message
        return context


class ProgrammeListView(ForgivingPaginationMixin, ListView):
    """Filterable, searchable list. With the partial header, only the browse region."""

    template_name = "programmes/programme_list.html"
    partial_template_name = "programmes/includes/browse.html"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = ProgrammeFilterSet(
            self.request.GET,
            queryset=Programme.objects.visible_to(self.request.user),
            request=self.request,
        )
        return self.filterset.sort_queryset(self.filterset.qs).for_list()

    def get_template_names(self):
        if self.request.headers.get(PARTIAL_HEADER) == PARTIAL_VALUE:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = self.filterset.search_terms
        if terms:
            for programme in context["object_list"]:
                programme.snippet = search.highlight(programme.headline, terms)
        context.update(
            filterset=self.filterset,
            facets=self._facets(),
            chips=self._chips(),
            sort_choices=ProgrammeFilterSet.SORT_CHOICES,
            chosen_sort=self.filterset.form.cleaned_data.get("sort") or DEFAULT_SORT,
            default_sort=DEFAULT_SORT,
            error_removals=self._error_removals(),
            # Each filtered view is a page of its own; sort and page are only view state.
            canonical_params=[name for name in ProgrammeFilterSet.Meta.fields if name != "sort"],
        )
        return context

    def get_paginator(self, queryset, per_page, **kwargs):
        counts = self._visitor_counts()
        if counts is None:
            return super().get_paginator(queryset, per_page, **kwargs)
        return KnownCountPaginator(queryset, per_page, count=counts["total"], **kwargs)

    def _facets(self):
        """Facet counts: from the index for visitors; SQL for staff (who also count drafts),
        or for visitors, cached per filter combination, when the index is off."""
        counts = self._visitor_counts()
        if counts is not None:
            return self.filterset.facets(counts)
        if self.request.user.is_authenticated:
            return self.filterset.facets()
        return cached("list-facets", self.filterset.facets, self._filters())

    def _visitor_counts(self):
        """Facet counts and the total from the in-memory index, for visitors; else None.

        Not cached per filter combination: they take milliseconds, and the page itself is
        cached whole (catalogue/pagecache.py).
        """
        if self.request.user.is_authenticated or not settings.CATALOGUE_FACET_INDEX:
            return None
        if not hasattr(self, "_counts"):
            self._counts = facet_index().counts(self.filterset)
        return self._counts

    def _filters(self):
        """The filter part of the query string (not the page or the sort): a cache key."""
        return sorted(
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in ("page", "sort")
            for value in values
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Browsers and caches must not serve the partial for the full page or vice versa.
        patch_vary_headers(response, [PARTIAL_HEADER])
        return response

    def _url_without(self, name, value=None):
        """The current list URL without one filter (or one of a repeatable filter's values)."""
        params = self.request.GET.copy()
        params.pop("page", None)
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
        query = params.urlencode()
        return f"{self.request.path}?{query}" if query else self.request.path

    def _chips(self):
        """Active filters, each with a label and the URL that removes it."""
        data = self.filterset.form.cleaned_data
        fields = self.filterset.form.fields
        chips = []
        # Every filter but the sort order, which is view state rather than a filter.
        for name in [name for name in ProgrammeFilterSet.Meta.fields if name != "sort"]:
            value = data.get(name)
            if value in (None, "", []):
                continue
            label = fields[name].label
            if name == "theme":
                chips += [
                    {
                        "label": label,
                        "value": theme.name,
                        "url": self._url_without(name, theme.slug),
                    }
                    for theme in value
                ]
                continue
            if name == "status":
                value = dict(fields[name].choices)[value]
            chips.append({"label": label, "value": value, "url": self._url_without(name)})
        return chips

    def _error_removals(self):
        form = self.filterset.form
        return [
            {
                "label": form.fields[name].label if name in form.fields else "",
                "messages": errors,
                "url": self._url_without(name),
            }
            for name, errors in form.errors.items()
        ]


class KnownCountPaginator(Paginator):
    """A paginator told the number of objects (from the facet index) instead of counting."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # what the cached_property would have computed


class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"
    related_count = 4

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user).for_detail(self.request.user)

    def get_context_data(self, **kwargs):
        programme = self.object
        user = self.request.user
        parent = programme.parent
        if parent is not None and not (parent.is_published or user.is_staff):
            parent = None
        return super().get_context_data(
            parent=parent,
            related_programmes=self._related(programme),
            **kwargs,
        )

    def _related(self, programme):
        """A few programmes sharing a theme or a region: one query, from prefetched ids.

        The newest programmes are walked in index order and each is checked for a shared
        theme or region, so the query stops after a handful of rows at any catalogue size.
        """
        theme_ids = [theme.pk for theme in programme.themes.all()]
        region_ids = {m.region_id for m in programme.municipalities.all()}
        if not theme_ids and not region_ids:
            return []
        shares_theme = Programme.themes.through.objects.filter(
            programme_id=OuterRef("pk"), theme_id__in=theme_ids
        )
        shares_region = Programme.municipalities.through.objects.filter(
            programme_id=OuterRef("pk"), municipality__region_id__in=region_ids
        )
        return list(
            Programme.objects.visible_to(self.request.user)
            .exclude(pk=programme.pk)
            .filter(CheckedPerRow(shares_theme) | CheckedPerRow(shares_region))
            .defer("search_vector", "description")
            .order_by("-updated_at", "pk")[: self.related_count]
        )


class CheckedPerRow(Exists):
    """EXISTS that PostgreSQL checks row by row, through the index, as rows are read.

    Left alone, PostgreSQL turns an EXISTS under OR into a hash of every matching row (tens of
    thousands of links for a common theme) before reading the first programme; an OFFSET in
    the subquery rules that out.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


class ThemeDetailView(DetailView):
    """A theme, its most recently updated programmes and a link to all of them in the list."""

    model = Theme
    template_name = "programmes/theme_detail.html"
    shown = 20

    def get_context_data(self, **kwargs):
        programmes = Programme.objects.visible_to(self.request.user).filter(themes=self.object)
        return super().get_context_data(
            programme_count=programmes.count(),
            programmes=programmes.for_list().order_by("-updated_at", "pk")[: self.shown],
            **kwargs,
        )


class PartnerListView(ForgivingPaginationMixin, ListView):
    """Organisations with at least one visible programme, grouped by kind, with counts."""

    template_name = "programmes/partner_list.html"
    paginate_by = 50

    def get_queryset(self):
        visible = Programme.objects.visible_to(self.request.user).values("pk")
        return (
            Organisation.objects.annotate(
                programme_count=Count(
                    "participations__programme",
                    distinct=True,
                    filter=Q(participations__programme__in=visible),
                )
            )
            .filter(programme_count__gt=0)
            .order_by("kind", "name")
        )


class PartnerDetailView(DetailView):
    """An organisation, its programmes with its role(s) in each, and its contacts."""

    model = Organisation
    template_name = "programmes/partner_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Organisation.objects.select_related("country", "municipality", "region"),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        participations = (
            Participation.objects.filter(
                organisation=self.object,
                programme__in=Programme.objects.visible_to(self.request.user).values("pk"),
            )
            .select_related("programme")
            .defer("programme__search_vector", "programme__description")
            .order_by("programme__title", "programme_id", "role")
        )
        programmes = {}
        for participation in participations:
            entry = programmes.setdefault(
                participation.programme_id, {"programme": participation.programme, "roles": []}
            )
            entry["roles"].append(participation.get_role_display())
        return super().get_context_data(
            programmes=list(programmes.values()),
            contacts=self.object.contacts.select_related("organisation"),
            **kwargs,
        )
