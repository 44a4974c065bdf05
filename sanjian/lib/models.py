from django.conf import settings
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


class AppealFields(models.Model):
    """Who filed an appeal and who decided it, and when: the part every appeal shares (against an
    assessment result's item, against a window's rating). Each app adds what is appealed against,
    the grounds and its own statuses."""

    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True
