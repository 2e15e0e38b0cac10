"""Reference data in the admin: countries, regions and municipalities.

Editors may view these (the programme form's autocompletes search them) but only
administrators change them; an editor limited to some municipalities is offered only those
when attaching municipalities to a programme.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from municipalities.models import Country, Municipality, Region
from programmes.forms import WEB_ADDRESS_FIELDS
from programmes.models import EditorScope


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en", "name_da"]
    search_fields = ["code", "name_sv", "name_en", "name_da"]
    ordering = ["code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "authority_name", "country", "municipality_count"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "code", "authority_name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["country__code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, region):
        return region.municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "country", "programme_count"]
    list_filter = ["country", "region"]
    list_select_related = ["region", "country"]
    search_fields = ["name", "code", "region__name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    formfield_overrides = WEB_ADDRESS_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, municipality):
        return municipality.programme_count

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        # The programme form's municipality autocomplete offers a limited editor only their own.
        if request.GET.get("model_name") == "programme" and request.GET.get("app_label") == (
            "programmes"
        ):
            allowed = EditorScope.objects.municipality_ids_for(request.user)
            if allowed is not None:
                queryset = queryset.filter(pk__in=allowed)
        return queryset, may_have_duplicates
