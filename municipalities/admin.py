from django.contrib import admin

from municipalities.models import Country, Municipality, Region


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en", "name_da"]
    search_fields = ["code", "name_sv", "name_en", "name_da"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "authority_name", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "code", "authority_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "country"]
    list_filter = ["country", "region"]
    list_select_related = ["region", "country"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
