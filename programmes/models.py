"""Health-promotion programmes and what the catalogue records about them.

A programme is anything a source document describes as run for health promotion: a
programme, project, course, social investment, study, network or material. Every programme
rests on at least one Source, quoted in a Citation; the organisations involved are linked
through Participation with a role; a programme may have local sub-projects (``parent``).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from municipalities.models import Country, Municipality, Region
from programmes.validators import validate_phone, validate_web_url


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


class SlugQuerySet(models.QuerySet):
    """Rows whose natural key is their slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Vocabulary(models.Model):
    """A controlled term with a name in each of the site's languages."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_da = models.CharField(_("name (Danish)"), max_length=120)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name_sv"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def name(self):
        """The name in the active language (Swedish when none is active)."""
        return getattr(self, f"name_{(get_language() or 'sv')[:2]}", None) or self.name_sv


class Theme(Vocabulary):
    """What a programme is about, e.g. health-promoting leadership or social investment."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self):
        return reverse("programmes:theme_detail", kwargs={"slug": self.slug})


class TargetGroup(Vocabulary):
    """Whom a programme is for, e.g. managers, children, newly arrived."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, file_name):
        return self.get(file_name=file_name)


class Source(models.Model):
    """A document the catalogue's entries are taken from."""

    file_name = models.CharField(
        _("file name"),
        max_length=120,
        unique=True,
        help_text=_("The document's file name in the source set, e.g. 001_5cd2c52c866e3c98.txt."),
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    published_year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        help_text=_("When only the year is known."),
    )
    url = models.URLField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["file_name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.file_name,)

    def clean(self):
        if self.url:
            try:
                validate_web_url(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error}) from None


class Organisation(models.Model):
    """A body involved in programmes: lead, partner, funder, evaluator, host or provider."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        MUNICIPAL_BODY = "municipal_body", _("municipal body or district")
        REGION = "region", _("region")
        GOVERNMENT_AGENCY = "government_agency", _("government agency")
        COORDINATION_ASSOCIATION = "coordination_association", _("coordination association")
        ASSOCIATION = "association", _("association or non-profit")
        COMPANY = "company", _("company")
        UNIVERSITY = "university", _("university or research body")
        EU_FUND = "eu_fund", _("EU fund")
        NETWORK = "network", _("network")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("Set when the organisation is (part of) this municipality."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Set when the organisation is this region's authority or works within it."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # Partner pages filter by kind.
            models.Index(fields=["kind", "name"], name="prog_org_kind_name_idx"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("programmes:partner_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.website:
            try:
                validate_web_url(self.website)
            except ValidationError as error:
                raise ValidationError({"website": error}) from None


class Contact(models.Model):
    """A named person, or a generic contact point (a phone number, a mailbox) with no name."""

    slug = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        help_text=_("A stable identifier, e.g. the person's name or the organisation's mailbox."),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name", "slug"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(email="") | ~Q(phone=""),
                name="%(app_label)s_%(class)s_has_name_email_or_phone",
                violation_error_message=_("A contact needs a name, an e-mail address or a phone."),
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        return self.email or self.phone

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.phone:
            try:
                validate_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error}) from None


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    UNKNOWN = "unknown", _("unknown")


class Kind(models.TextChoices):
    PROGRAMME = "programme", _("programme")
    PROJECT = "project", _("project")
    COURSE = "course", _("course")
    SOCIAL_INVESTMENT = "social_investment", _("social investment")
    STUDY = "study", _("study")
    NETWORK = "network", _("network")
    MATERIAL = "material", _("material")
    POLICY = "policy", _("policy or plan")


class Evidence(models.TextChoices):
    DOCUMENT = "document", _("described in the document")
    TITLE_ONLY = "title_only", _("title only")


class ProgrammeQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published programmes, plus drafts for staff."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def for_list(self):
        """What a programme card reads: its municipalities and themes (2 prefetch queries).

        The search vector is deferred: cards never show it and it is the row's largest column.
        """
        return self.defer("search_vector").prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            "themes",
        )

    def for_detail(self, user):
        """What the programme page reads, drafts among the sub-projects hidden unless staff.

        One query for the programme and its parent, then one prefetch each for
        municipalities (with region), participations (with organisation), contacts (with
        organisation), themes, target groups, citations (with source) and sub-projects.
        """
        return (
            self.defer("search_vector", "parent__search_vector")
            .select_related("parent")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("region").order_by("name"),
                ),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related("organisation").order_by(
                        "role", "organisation__name"
                    ),
                ),
                Prefetch("contacts", queryset=Contact.objects.select_related("organisation")),
                "themes",
                "target_groups",
                Prefetch("citations", queryset=Citation.objects.select_related("source")),
                Prefetch(
                    "subprojects",
                    queryset=Programme.objects.visible_to(user)
                    .defer("search_vector")
                    .order_by("title"),
                ),
            )
        )


class Programme(models.Model):
    """A health-promotion programme, project, course, investment, study or material."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the source text"),
        max_length=2,
        choices=Language.choices,
        default=Language.SWEDISH,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UNKNOWN
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subprojects",
        verbose_name=_("part of"),
        help_text=_("The programme this is a local sub-project of."),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="programmes", verbose_name=_("municipalities")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Participation",
        blank=True,
        related_name="programmes",
        verbose_name=_("organisations"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="programmes", verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="programmes", verbose_name=_("target groups")
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="programmes", verbose_name=_("contacts")
    )
    sources = models.ManyToManyField(
        Source, through="Citation", blank=True, related_name="programmes", verbose_name=_("sources")
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=10,
        choices=Evidence.choices,
        default=Evidence.DOCUMENT,
        help_text=_("'Title only' when the entry rests on a document title, not its text."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When the entry was last checked against its source."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Raised on every save.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(
        _("search document"),
        null=True,
        editable=False,
        help_text=_(
            "Kept by database triggers from the title, summary, description and the names of "
            "the programme's municipalities, regions and organisations (see programmes/search.py)."
        ),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("A programme cannot be part of itself."),
            ),
        ]
        indexes = [
            # "Recently updated" on the home page and the list's default public order.
            models.Index(
                fields=["-updated_at"],
                condition=Q(is_published=True),
                name="prog_published_updated_idx",
            ),
            # Full-text search on the list page (ProgrammeFilterSet.search).
            GinIndex(fields=["search_vector"], name="prog_search_vector_gin"),
            # The list's facet counts and status/year filters: "published ids" (with status and
            # years) read from this small index, never from the rows with their search documents.
            models.Index(
                fields=["id"],
                include=["status", "start_year", "end_year"],
                condition=Q(is_published=True),
                name="prog_published_id_cover_idx",
            ),
            # The list's title order (the default without a search): 20 rows read in order.
            models.Index(
                fields=["title", "id"],
                condition=Q(is_published=True),
                name="prog_published_title_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})

    def clean(self):
        # Mirrors the end_not_before_start constraint, but names the field to correct.
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})


class ParticipationQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_slug, organisation_slug, role):
        return self.get(
            programme__slug=programme_slug, organisation__slug=organisation_slug, role=role
        )


class Participation(models.Model):
    """An organisation's part in a programme."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        HOST = "host", _("host")
        COORDINATOR = "coordinator", _("coordinator")
        PARTNER = "partner", _("partner")
        FUNDER = "funder", _("funder")
        EVALUATOR = "evaluator", _("evaluator")
        RESEARCHER = "researcher", _("researcher")
        PROVIDER = "provider", _("provider")
        CLIENT = "client", _("client")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "role", "organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"],
                name="%(app_label)s_%(class)s_unique_role",
                violation_error_message=_(
                    "This organisation already has this role in the programme."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"

    def natural_key(self):
        return (self.programme.slug, self.organisation.slug, self.role)

    natural_key.dependencies = ["programmes.programme", "programmes.organisation"]


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_slug, source_file_name):
        return self.get(programme__slug=programme_slug, source__file_name=source_file_name)


class Citation(models.Model):
    """The passage of a source that supports a programme's entry."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="citations", verbose_name=_("programme")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    quote = models.TextField(
        _("quote"), help_text=_("The supporting text, exactly as in the source.")
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "source"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "source"],
                name="%(app_label)s_%(class)s_one_per_source",
                violation_error_message=_("This programme already cites this source."),
            ),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="%(app_label)s_%(class)s_quote_not_empty",
                violation_error_message=_("A citation needs a quote."),
            ),
        ]

    def __str__(self):
        return f"{self.source} ({self.programme})"

    def natural_key(self):
        return (self.programme.slug, self.source.file_name)

    natural_key.dependencies = ["programmes.programme", "programmes.source"]


class EditorScopeQuerySet(models.QuerySet):
    def municipality_ids_for(self, user):
        """The ids of the municipalities ``user`` may edit, or None when not limited.

        Cached on the user object: the admin asks several times per request.
        """
        if not hasattr(user, "_editor_municipality_ids"):
            ids = None
            if user.is_authenticated and not user.is_superuser:
                scope = self.filter(user=user).first()
                if scope is not None:
                    ids = frozenset(scope.municipalities.values_list("pk", flat=True))
            user._editor_municipality_ids = ids
        return user._editor_municipality_ids


class EditorScope(models.Model):
    """Limits an editor to the programmes of some municipalities.

    Editors without a scope see and change every programme; superusers are never limited.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_scope",
        verbose_name=_("user"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="editor_scopes",
        verbose_name=_("municipalities"),
        help_text=_("The editor sees and changes only programmes in these municipalities."),
    )

    objects = EditorScopeQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("editor's municipalities")
        verbose_name_plural = _("editors' municipalities")

    def __str__(self):
        return str(self.user)
