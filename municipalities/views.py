"""Public pages for municipalities and regions. Only published programmes are ever shown."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.views.generic import DetailView, ListView

from catalogue.datacache import cached
from municipalities import maps
from municipalities.filters import MunicipalityFilterSet
from municipalities.models import Municipality, Region
from programmes.facet_index import facet_index
from programmes.filters import programmes_linked_to
from programmes.models import Programme

# How many programmes a region or municipality page lists before pointing to the full list.
PROGRAMMES_SHOWN = 20

published_programmes = Q(programmes__is_published=True)


def with_programme_counts(municipalities):
    # Aggregating queries ignore Meta.ordering, so callers order explicitly.
    return municipalities.annotate(
        programme_count=Count("programmes", filter=published_programmes, distinct=True)
    )


class MunicipalityListView(ListView):
    """Every municipality, grouped by region, with its number of published programmes."""

    template_name = "municipalities/municipality_list.html"

    def get_queryset(self):
        self.filterset = MunicipalityFilterSet(
            self.request.GET or None,
            queryset=with_programme_counts(
                Municipality.objects.select_related("region__country", "country")
            ).order_by("country__code", "region__name", "name"),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            list_url=reverse("programmes:programme_list"),
            **kwargs,
        )


class RegionDetailView(DetailView):
    """A region: its municipalities on a map and in a list, and its programmes."""

    queryset = Region.objects.select_related("country")
    template_name = "municipalities/region_detail.html"

    def get_context_data(self, **kwargs):
        region = self.object
        list_url = reverse("programmes:programme_list")
        if settings.CATALOGUE_FACET_INDEX:
            index = facet_index()
            by_municipality = index.totals("municipality")
            municipalities = list(region.municipalities.order_by("name"))
            for municipality in municipalities:
                municipality.programme_count = by_municipality.get(municipality.pk, 0)
            programme_total = index.totals("region").get(region.pk, 0)
        else:
            municipalities = cached(
                "region-municipalities",
                lambda: list(with_programme_counts(region.municipalities.all()).order_by("name")),
                region.pk,
            )
            programme_total = None
        areas = [
            {
                "key": maps.shape_key(region.country.code, municipality.code),
                "name": municipality.name,
                "count": municipality.programme_count,
                "url": f"{list_url}?municipality={municipality.slug}",
                "detail_url": municipality.get_absolute_url(),
            }
            for municipality in municipalities
        ]
        programmes = (
            Programme.objects.published()
            .filter(pk__in=programmes_linked_to(municipality__region=region))
            .order_by("-updated_at")
        )
        return super().get_context_data(
            areas=areas,
            region_map=maps.svg_map(maps.shape_key(region.country.code, region.code), areas),
            legend=maps.legend(),
            programme_total=(
                programme_total
                if programme_total is not None
                else cached("region-total", programmes.count, region.pk)
            ),
            programmes=cached(
                "region-programmes", lambda: list(programmes[:PROGRAMMES_SHOWN]), region.pk
            ),
            list_url=f"{list_url}?region={region.slug}",
            **kwargs,
        )


class MunicipalityDetailView(DetailView):
    """A municipality, its programmes, and those of the other municipalities in its region."""

    queryset = Municipality.objects.select_related("region", "country")
    template_name = "municipalities/municipality_detail.html"

    def get_context_data(self, **kwargs):
        municipality = self.object
        list_url = reverse("programmes:programme_list")
        own = municipality.programmes.published().order_by("-updated_at")
        neighbours = (
            Programme.objects.published()
            .filter(pk__in=programmes_linked_to(municipality__region_id=municipality.region_id))
            .exclude(pk__in=programmes_linked_to(municipality=municipality))
            .order_by("-updated_at")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.filter(region_id=municipality.region_id),
                    to_attr="region_municipalities",
                )
            )
        )
        return super().get_context_data(
            programmes=cached(
                "municipality-programmes",
                lambda: list(own[: PROGRAMMES_SHOWN + 1]),
                municipality.pk,
            ),
            neighbour_programmes=cached(
                "municipality-neighbours",
                lambda: list(neighbours[:PROGRAMMES_SHOWN]),
                municipality.pk,
            ),
            shown=PROGRAMMES_SHOWN,
            list_url=f"{list_url}?municipality={municipality.slug}",
            region_list_url=f"{list_url}?region={municipality.region.slug}",
            **kwargs,
        )
