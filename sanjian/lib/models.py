from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def user_field(verbose_name: str | Promise, **options: Any) -> models.ForeignKey:
    """The user who did something to a record (entered, checked, decided it).

    Protected, because a record keeps its author for as long as it exists, and with no reverse
    accessor, because a user stands behind dozens of such fields and none is read from the user's
    side. ``options`` are the field's own (``null``, ``blank``, ``editable``…); the two defaults may
    be overridden where a record truly differs."""
    options.setdefault("on_delete", models.PROTECT)
    options.setdefault("related_name", "+")
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, **options)


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

    filed_by = user_field(_("filed by"))
    decided_by = user_field(_("decided by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True
