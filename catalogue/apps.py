from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Site-wide pieces: home page, template tags and the serve command."""

    name = "catalogue"
    verbose_name = _("Catalogue")
