"""Filters for the public municipality list (/municipalities/?country=SE&region=<slug>)."""

from itertools import groupby

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
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )

    class Meta:
        model = Municipality
        fields = ["country", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Thirty regions read better grouped by country (<optgroup>); validation still goes
        # through the field's queryset, so only the widget changes.
        regions = Region.objects.select_related("country").order_by("-country__code", "name")
        field = self.form.fields["region"]
        field.widget.choices = [("", field.empty_label)] + [
            (country.name, [(region.slug, region.name) for region in group])
            for country, group in groupby(regions, key=lambda region: region.country)
        ]
