from django.contrib import admin

from programmes.models import (
    Citation,
    Contact,
    Organisation,
    Participation,
    Programme,
    Source,
    TargetGroup,
    Theme,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "is_published", "updated_at"]
    list_filter = ["is_published", "status", "kind", "language"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "municipalities", "themes", "target_groups", "contacts"]
    inlines = [ParticipationInline, CitationInline]


@admin.register(Theme, TargetGroup)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "name_da", "slug"]
    search_fields = ["name_sv", "name_en", "name_da", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "municipality"]
    list_filter = ["kind", "country"]
    list_select_related = ["country", "municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "region"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "organisation", "email", "phone"]
    list_select_related = ["organisation"]
    search_fields = ["name", "role", "email", "phone", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "published_year", "file_name"]
    search_fields = ["title", "publisher", "file_name"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["programme", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["programme", "organisation"]
    search_fields = ["programme__title", "organisation__name"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["programme", "source"]
    list_select_related = ["programme", "source"]
    search_fields = ["programme__title", "quote"]
