"""Site-wide pages: home, about the catalogue, accessibility statement."""

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import TemplateView

from catalogue.datacache import cached
from municipalities import maps
from municipalities.models import Region
from programmes.facet_index import facet_index
from programmes.models import Programme, Source, Theme

RECENT_COUNT = 6


def region_map_areas(regions, list_url):
    """Map/list entries for regions annotated with ``programme_count``."""
    return [
        {
            "key": maps.shape_key(region.country.code, region.code),
            "name": region.name,
            "count": region.programme_count,
            "url": f"{list_url}?region={region.slug}",
            "detail_url": region.get_absolute_url(),
            "country": region.country,
        }
        for region in regions
    ]


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        list_url = reverse("programmes:programme_list")
        if settings.CATALOGUE_FACET_INDEX:
            numbers, themes, regions = self._counted_by_index()
        else:
            numbers, themes, regions = self._counted_by_sql()
        # Sweden first: most readers are Swedish, and the list mirrors the map's north–south.
        areas = sorted(region_map_areas(regions, list_url), key=lambda a: a["country"].code != "SE")
        return super().get_context_data(
            numbers=numbers,
            themes=themes,
            areas=areas,
            region_map=maps.svg_map("overview", areas),
            legend=maps.legend(),
            list_url=list_url,
            recent_programmes=Programme.objects.published().order_by("-updated_at")[
                :RECENT_COUNT
            ],
            **kwargs,
        )

    def _counted_by_index(self):
        """The catalogue's numbers, themes and regions with their counts, from the facet index
        (what _counted_by_sql() computes, in milliseconds instead of a second at 100,000)."""
        index = facet_index()
        by_theme = index.totals("theme")
        by_region = index.totals("region")
        numbers = {
            "programmes": index.published.bit_count(),
            "municipalities": len(index.options["municipality"]),
            "organisations": len(index.options["partner"]),
            "last_updated": Programme.objects.published().aggregate(last=Max("updated_at"))[
                "last"
            ],
        }
        themes = list(Theme.objects.filter(pk__in=by_theme).order_by(f"name_{get_language()[:2]}"))
        for theme in themes:
            theme.programme_count = by_theme[theme.pk]
        regions = list(Region.objects.select_related("country").order_by("name"))
        for region in regions:
            region.programme_count = by_region.get(region.pk, 0)
        return numbers, themes, regions

    def _counted_by_sql(self):
        published = Q(programmes__is_published=True)
        numbers = cached(
            "home-numbers",
            lambda: Programme.objects.published().aggregate(
                programmes=Count("pk", distinct=True),
                municipalities=Count("municipalities", distinct=True),
                organisations=Count("organisations", distinct=True),
                last_updated=Max("updated_at"),
            ),
        )
        themes = cached(
            "home-themes",
            lambda: [
                theme
                for theme in Theme.objects.annotate(
                    programme_count=Count("programmes", filter=published, distinct=True)
                ).order_by(f"name_{get_language()[:2]}")
                if theme.programme_count
            ],
        )
        regions = cached(
            "home-regions",
            lambda: list(
                Region.objects.select_related("country")
                .annotate(
                    programme_count=Count(
                        "municipalities__programmes",
                        filter=Q(municipalities__programmes__is_published=True),
                        distinct=True,
                    )
                )
                .order_by("name")
            ),
        )
        return numbers, themes, regions


class TranslatedPageView(TemplateView):
    """A text page written out per language (``pages/<name>.<lang>.html``), Swedish as fallback.

    Long legal and explanatory prose reads better written whole in each language than
    stitched together from gettext fragments.
    """

    page_name = ""

    def get_template_names(self):
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return [f"pages/{self.page_name}.{language}.html", f"pages/{self.page_name}.sv.html"]


class AboutView(TranslatedPageView):
    page_name = "about"

    def get_context_data(self, **kwargs):
        sources = Source.objects.annotate(
            programme_count=Count(
                "programmes", filter=Q(programmes__is_published=True), distinct=True
            )
        ).order_by("published_year", "published_on", "title")
        return super().get_context_data(sources=sources, **kwargs)


class AccessibilityView(TranslatedPageView):
    page_name = "accessibility"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
            statement_date=settings.ACCESSIBILITY_STATEMENT_DATE,
            **kwargs,
        )
