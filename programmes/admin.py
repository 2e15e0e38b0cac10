"""The staff's editing tool: programmes in one screen, lists that find things, roles, history.

Every changelist and change form runs a fixed number of queries (tests/test_admin_queries.py):
columns that cross a relation come from ``list_select_related``, ``Exists`` or ``Count``
annotations in ``get_queryset``, never from a query per row.
"""


from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from programmes.forms import (
    HOSTING_ROLES,
    WEB_ADDRESS_FIELDS,
    CitationFormSet,
    ParticipationFormSet,
    PreloadedAutocompleteSelect,
    PreloadedChoicesForm,
    ProgrammeAdminForm,
    TolerantAutocompleteSelect,
    TolerantAutocompleteSelectMultiple,
)
from programmes.models import (
    Citation,
    Contact,
    EditorScope,
    Organisation,
    Participation,
    Programme,
    Source,
    Status,
    TargetGroup,
    Theme,
)

admin.site.site_header = _("Health-promotion catalogue: administration")
admin.site.site_title = _("Catalogue administration")
admin.site.index_title = _("Edit the catalogue")

ProgrammeMunicipality = Programme.municipalities.through
ProgrammeContact = Programme.contacts.through
ProgrammeTheme = Programme.themes.through
ProgrammeTargetGroup = Programme.target_groups.through


def has_source():
    return Exists(Citation.objects.filter(programme=OuterRef("pk")))


def has_contact():
    return Exists(ProgrammeContact.objects.filter(programme=OuterRef("pk")))


def publishable():
    """What a published programme needs, as a condition on the stored data."""
    return (
        (
            Exists(ProgrammeMunicipality.objects.filter(programme=OuterRef("pk")))
            | Exists(
                Participation.objects.filter(programme=OuterRef("pk"), role__in=HOSTING_ROLES)
            )
        )
        & Exists(ProgrammeTheme.objects.filter(programme=OuterRef("pk")))
        & Exists(ProgrammeTargetGroup.objects.filter(programme=OuterRef("pk")))
        & has_source()
    )


def two_years_ago():
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 2, day=28)


class PresenceFilter(admin.SimpleListFilter):
    """Programmes with or without something (a source, a contact)."""

    condition = None
    with_label = without_label = None

    def lookups(self, request, model_admin):
        return [("yes", self.with_label), ("no", self.without_label)]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition())
        if self.value() == "no":
            return queryset.filter(~self.condition())
        return queryset


class SourceFilter(PresenceFilter):
    title = _("source")
    parameter_name = "source"
    condition = staticmethod(has_source)
    with_label = _("has a source")
    without_label = _("has no source")


class ContactFilter(PresenceFilter):
    title = _("contact")
    parameter_name = "contact"
    condition = staticmethod(has_contact)
    with_label = _("has a contact")
    without_label = _("has no contact")


class VerifiedFilter(admin.SimpleListFilter):
    title = _("last verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("recent", _("within the last two years")),
            ("stale", _("over two years ago, or never")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=two_years_ago())
        if self.value() == "stale":
            return queryset.filter(
                Q(last_verified__lt=two_years_ago()) | Q(last_verified__isnull=True)
            )
        return queryset


class TolerantAutocompleteAdmin:
    """Autocompletes that survive malformed ids in a submitted form (see forms.py)."""

    select_widget = TolerantAutocompleteSelect

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = self.select_widget(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PreloadedAutocompleteInline(TolerantAutocompleteAdmin):
    """Inline rows label their autocompletes without a query per row."""

    form = PreloadedChoicesForm
    select_widget = PreloadedAutocompleteSelect


class ParticipationInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 1
    autocomplete_fields = ["organisation"]
    verbose_name = _("partner organisation")
    verbose_name_plural = _("partner organisations and their roles")
    # Shown after this fieldset (templates/admin/programmes/programme/change_form.html).
    after_fieldset = "programme-who"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class CitationInline(PreloadedAutocompleteInline, admin.StackedInline):
    model = Citation
    formset = CitationFormSet
    extra = 1
    autocomplete_fields = ["source"]
    verbose_name = _("source and quote")
    verbose_name_plural = _("sources and quotes")
    after_fieldset = "programme-evidence"

    def get_queryset(self, request):
        # The row's heading is str(citation), which names the source and the programme.
        return super().get_queryset(request).select_related("source", "programme")


@admin.register(Programme)
class ProgrammeAdmin(TolerantAutocompleteAdmin, admin.ModelAdmin):
    form = ProgrammeAdminForm
    fieldsets = [
        (
            _("What"),
            {
                "classes": ["programme-what"],
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "status",
                    ("start_year", "end_year"),
                    "themes",
                    "summary",
                    "description",
                    "language",
                    "parent",
                ],
            },
        ),
        (_("Where"), {"classes": ["programme-where"], "fields": ["municipalities"]}),
        (
            _("Who"),
            {"classes": ["programme-who"], "fields": ["target_groups", "contacts"]},
        ),
        (
            _("Evidence"),
            {"classes": ["programme-evidence"], "fields": ["evidence", "last_verified"]},
        ),
        (
            _("Publishing"),
            {
                "classes": ["programme-publishing"],
                "description": _(
                    "New programmes are drafts: staff can preview them on the site "
                    "(“View on site”), the public sees them once published."
                ),
                "fields": ["is_published", "loaded_version"],
            },
        ),
    ]
    inlines = [ParticipationInline, CitationInline]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "parent",
        "municipalities",
        "themes",
        "target_groups",
        "contacts",
    ]
    list_display = [
        "title",
        "kind",
        "status",
        "is_published",
        "municipality_names",
        "has_source",
        "has_contact",
        "last_verified",
        "updated_at",
    ]
    list_filter = [
        ("municipalities__country", admin.RelatedFieldListFilter),
        ("municipalities__region", admin.RelatedFieldListFilter),
        ("themes", admin.RelatedFieldListFilter),
        "status",
        "is_published",
        SourceFilter,
        ContactFilter,
        VerifiedFilter,
    ]
    search_fields = ["title", "municipalities__name", "organisations__name"]
    search_help_text = _("Searches titles, municipality names and organisation names.")
    date_hierarchy = "updated_at"
    ordering = ["-updated_at", "title"]
    actions = ["publish", "unpublish", "mark_completed"]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(has_source=has_source(), has_contact=has_contact())
            .prefetch_related(
                Prefetch("municipalities", queryset=Municipality.objects.only("pk", "name"))
            )
        )
        allowed = EditorScope.objects.municipality_ids_for(request.user)
        if allowed is not None:
            queryset = queryset.filter(
                Exists(
                    ProgrammeMunicipality.objects.filter(
                        programme=OuterRef("pk"), municipality__in=allowed
                    )
                )
            )
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """The programme, locked for the rest of the request when it is about to be saved.

        changeform_view runs in one transaction; the lock makes a second editor's save wait
        for the first and then see its new version, so the version check cannot be raced.
        """
        queryset = self.get_queryset(request)
        if request.method == "POST":
            queryset = queryset.select_for_update(of=("self",))
        field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
        try:
            object_id = field.to_python(object_id)
        except ValidationError:
            return None
        try:
            return queryset.get(**{field.name: object_id})
        except self.model.DoesNotExist:
            # Outside an editor's municipalities: forbidden rather than "does not exist".
            if self.model.objects.filter(**{field.name: object_id}).exists():
                raise PermissionDenied from None
            return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor_municipality_ids = EditorScope.objects.municipality_ids_for(request.user)
        return form

    def save_model(self, request, obj, form, change):
        # The row is locked and its version was checked in the form (see get_object).
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    @admin.display(description=_("municipalities"))
    def municipality_names(self, programme):
        return ", ".join(m.name for m in programme.municipalities.all())

    @admin.display(description=_("source"), boolean=True, ordering="has_source")
    def has_source(self, programme):
        return programme.has_source

    @admin.display(description=_("contact"), boolean=True, ordering="has_contact")
    def has_contact(self, programme):
        return programme.has_contact

    def _bulk_change(self, request, queryset, field_label, **values):
        """Apply ``values`` to the programmes and log a change for each in the history."""
        changed = list(queryset.order_by().only("pk", "title"))
        Programme.objects.filter(pk__in=[p.pk for p in changed]).update(
            version=F("version") + 1, updated_at=timezone.now(), **values
        )
        if changed:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": [str(field_label)]}}],
            )
        return len(changed)

    @admin.action(description=_("Publish selected programmes"), permissions=["change"])
    def publish(self, request, queryset):
        drafts = queryset.filter(is_published=False)
        incomplete = list(drafts.exclude(publishable()).values_list("title", flat=True))
        count = self._bulk_change(
            request,
            drafts.filter(publishable()),
            Programme._meta.get_field("is_published").verbose_name,
            is_published=True,
        )
        self.message_user(
            request,
            ngettext("Published %(count)d programme.", "Published %(count)d programmes.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if incomplete:
            self.message_user(
                request,
                _(
                    "Not published, because each needs a municipality or a host or lead "
                    "organisation, a theme, a target group and a source: %(titles)s"
                )
                % {"titles": "; ".join(incomplete)},
                messages.WARNING,
            )

    @admin.action(description=_("Unpublish selected programmes"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._bulk_change(
            request,
            queryset.filter(is_published=True),
            Programme._meta.get_field("is_published").verbose_name,
            is_published=False,
        )
        self.message_user(
            request,
            ngettext(
                "Unpublished %(count)d programme.", "Unpublished %(count)d programmes.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected programmes completed"), permissions=["change"])
    def mark_completed(self, request, queryset):
        count = self._bulk_change(
            request,
            queryset.exclude(status=Status.COMPLETED),
            Programme._meta.get_field("status").verbose_name,
            status=Status.COMPLETED,
        )
        self.message_user(
            request,
            ngettext(
                "Marked %(count)d programme completed.",
                "Marked %(count)d programmes completed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Theme, TargetGroup)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "name_da", "slug", "programme_count"]
    search_fields = ["name_sv", "name_en", "name_da", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    ordering = ["name_sv"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, term):
        return term.programme_count


@admin.register(Organisation)
class OrganisationAdmin(TolerantAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region", "municipality", "programme_count"]
    list_filter = ["kind", "country", ("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country", "region", "municipality"]
    search_fields = ["name", "slug", "municipality__name", "region__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "region"]
    formfield_overrides = WEB_ADDRESS_FIELDS
    ordering = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(programme_count=Count("participations__programme", distinct=True))
        )

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, organisation):
        return organisation.programme_count


class HasEmailOrPhoneFilter(admin.SimpleListFilter):
    title = _("reachable by")
    parameter_name = "reachable"

    def lookups(self, request, model_admin):
        return [
            ("email", _("e-mail")),
            ("phone", _("phone")),
            ("neither", _("neither e-mail nor phone")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "email":
            return queryset.exclude(email="")
        if self.value() == "phone":
            return queryset.exclude(phone="")
        if self.value() == "neither":
            return queryset.filter(email="", phone="")
        return queryset


@admin.register(Contact)
class ContactAdmin(TolerantAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["__str__", "role", "organisation", "email", "phone", "programme_count"]
    list_filter = [HasEmailOrPhoneFilter, "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug", "role", "email", "phone", "organisation__name"]
    autocomplete_fields = ["organisation"]
    ordering = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, contact):
        return contact.programme_count


class CitedFilter(admin.SimpleListFilter):
    title = _("cited")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", _("cited by a programme")), ("no", _("not cited"))]

    def queryset(self, request, queryset):
        cited = Exists(Citation.objects.filter(source=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(cited)
        if self.value() == "no":
            return queryset.filter(~cited)
        return queryset


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publisher",
        "published_on",
        "published_year",
        "language",
        "file_name",
        "citation_count",
    ]
    list_filter = ["language", CitedFilter]
    formfield_overrides = WEB_ADDRESS_FIELDS
    search_fields = ["title", "publisher", "file_name"]
    ordering = ["file_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description=_("programmes citing it"), ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count


class EditorScopeInline(TolerantAutocompleteAdmin, admin.StackedInline):
    model = EditorScope
    can_delete = True
    autocomplete_fields = ["municipalities"]
    # A user has at most one scope, so the admin titles the inline with the singular.
    verbose_name = verbose_name_plural = _("limit to municipalities (optional)")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CatalogueUserAdmin(UserAdmin):
    """Users with their optional municipality scope, edited on the same page."""

    inlines = [EditorScopeInline]
    list_filter = [*UserAdmin.list_filter, "editor_scope__municipalities__region"]


