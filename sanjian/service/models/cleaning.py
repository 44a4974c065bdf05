"""Cleaning (环境治理/保洁): areas with their size, the unit that answers for them, and the
shifts that cover the day. A day is covered when the shifts in force that day leave no minute
of 00:00–24:00 unstaffed; ``selectors.coverage`` finds the gaps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class CleaningArea(CommunityOwned):
    name = models.CharField(_("name"), max_length=60)
    size_m2 = models.DecimalField(_("area (m²)"), max_digits=10, decimal_places=1)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    starts_on = models.DateField(_("cleaned from"))
    ends_on = models.DateField(_("cleaned until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("cleaning area")
        verbose_name_plural = _("cleaning areas")
        ordering = ["name"]
        constraints = [
            unique_in_community("name", name="service_area_name_unique"),
            models.CheckConstraint(condition=models.Q(size_m2__gt=0), name="service_area_has_a_size"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="service_area_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CleaningShift(CommunityOwned):
    """A daily shift of one cleaner on an area, from ``starts_at`` to ``ends_at`` (a night shift
    ends the next morning: ``ends_at`` earlier than ``starts_at``), in force from ``valid_from``."""

    area = models.ForeignKey(
        CleaningArea, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("cleaning area")
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("cleaner")
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    valid_from = models.DateField(pgettext_lazy("starting", "from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("cleaning shift")
        verbose_name_plural = _("cleaning shifts")
        ordering = ["area__name", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(starts_at=models.F("ends_at")), name="service_shift_has_a_length"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="service_shift_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.person}"
