"""Site-wide bookkeeping: the catalogue's data version, which cached page parts are keyed by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose number database triggers raise on every write to the catalogue's tables.

    catalogue/datacache.py keys cached counts and lists by it, so any change (an admin save,
    a bulk action's UPDATE, loaddata, raw SQL) makes every cached part stale at once.
    """

    version = models.BigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return str(self.version)
