"""Filters for the public municipality list (/municipalities/?country=SE&region=<slug>)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, Region


class MunicipalityFilterSet(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="country__code",
        choices=[("SE", _("Sweden")), ("DK", _("Denmark"))],
        empty_label=_("Both countries"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.select_related("country"),
        empty_label=_("All regions"),
    )

    class Meta:
        model = Municipality
        fields = ["country", "region"]
