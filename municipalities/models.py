"""Countries, their regions (Swedish län, Danish regioner) and municipalities.

Reference data loaded from the official lists (fixtures/*.json, built from data/); every
row is addressed by its official code, which is also its natural key.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    """A Nordic country, by ISO 3166-1 alpha-2 code."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_da = models.CharField(_("name (Danish)"), max_length=100)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_code_iso_alpha2",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def name(self):
        """The name in the active language (Swedish when none is active)."""
        return getattr(self, f"name_{(get_language() or 'sv')[:2]}", None) or self.name_sv


class RegionQuerySet(models.QuerySet):
    def get_by_natural_key(self, country_code, code):
        return self.get(country__code=country_code, code=code)


class Region(models.Model):
    """A Swedish län or a Danish region, with the regional authority that governs it."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("country")
    )
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    authority_name = models.CharField(
        _("regional authority"),
        max_length=150,
        help_text=_(
            "The body that governs the region, e.g. Region Skåne or Västra Götalandsregionen."
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["country__code", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"],
                name="%(app_label)s_%(class)s_unique_code_per_country",
                violation_error_message=_(
                    "A region with this code already exists in this country."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.country.natural_key(), self.code)

    natural_key.dependencies = ["municipalities.country"]

    def get_absolute_url(self):
        return reverse("municipalities:region_detail", kwargs={"slug": self.slug})


class MunicipalityQuerySet(models.QuerySet):
    def get_by_natural_key(self, country_code, code):
        return self.get(country__code=country_code, code=code)


class Municipality(models.Model):
    """A Swedish kommun or Danish kommune, by its official code (SCB kommunkod / kommunekode)."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"],
                name="%(app_label)s_%(class)s_unique_code_per_country",
                violation_error_message=_(
                    "A municipality with this code already exists in this country."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__range=(-90, 90),
                    longitude__range=(-180, 180),
                ),
                name="%(app_label)s_%(class)s_coordinates_valid",
                violation_error_message=_("Give both latitude and longitude, within range."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.country.natural_key(), self.code)

    natural_key.dependencies = ["municipalities.country", "municipalities.region"]

    def get_absolute_url(self):
        return reverse("municipalities:municipality_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.region_id and self.country_id and self.region.country_id != self.country_id:
            raise ValidationError(
                {"region": _("The region must be in the municipality's country.")}
            )
