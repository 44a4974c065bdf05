from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One fixed-window rate counter (``lib.limits``): shared by every worker, kept across
    restarts. Not a record of anything: expired rows are purged, and on PostgreSQL the table is
    unlogged (no WAL to write; a crash of the database server empties it)."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    expires = models.BigIntegerField(_("window ends (Unix time)"))
    count = models.PositiveIntegerField(_("events"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
