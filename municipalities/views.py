"""Public pages for municipalities and regions."""

from django.views.generic import DetailView

from municipalities.models import Municipality, Region


class MunicipalityDetailView(DetailView):
    queryset = Municipality.objects.select_related("region", "country")
    template_name = "municipalities/municipality_detail.html"


class RegionDetailView(DetailView):
    queryset = Region.objects.select_related("country")
    template_name = "municipalities/region_detail.html"
