"""Deduction sheets (百分制扣分表) and the inspections scored on them.

A sheet's items each cap what their deductions may take off; the caps of the ordinary items add
up to 100, so a score is 100 minus what was taken off. A veto item (否决项) has no points: when it
is triggered the inspection scores 0. Scores are worked out by ``lib.scoring``, the same pure
function the windows' inspections use.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community

#: What the caps of a sheet's ordinary items add up to.
FULL_MARKS = Decimal(100)


class SheetKind(models.TextChoices):
    FLOOR = "floor", _("Dormitory floor")
    AREA = "area", _("Cleaning area")


class Sheet(CommunityOwned):
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("used for"), max_length=10, choices=SheetKind.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("deduction sheet")
        verbose_name_plural = _("deduction sheets")
        ordering = ["kind", "name"]
        constraints = [
            unique_in_community("name", name="service_sheet_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SheetItem(CommunityOwned):
    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="items", verbose_name=_("sheet"))
    title = models.CharField(_("item"), max_length=60)
    cap = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=Decimal(0))
    is_veto = models.BooleanField(_("veto item"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = community_history()

    class Meta:
        verbose_name = _("sheet item")
        verbose_name_plural = _("sheet items")
        ordering = ["sheet", "sort_order", "pk"]
        constraints = [
            unique_in_community("sheet", "title", name="service_item_unique"),
            models.CheckConstraint(condition=models.Q(cap__gte=0), name="service_item_cap_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title


class Inspection(CommunityOwned):
    """One inspection of a floor (or, in ``cleaning``, an area) on a sheet.

    ``unit`` (the unit judged) and ``attendant`` (who answered for the place that day) are
    worked out by the service when the inspection is written and kept, so that a later change of
    duty does not move an old deduction onto someone else.
    """

    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="+", verbose_name=_("sheet"))
    floor = models.ForeignKey(
        "service.Floor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=pgettext_lazy("building", "floor"),
    )
    area = models.ForeignKey(
        "service.CleaningArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("cleaning area"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("unit"),
    )
    attendant = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("responsible"),
    )
    inspected_on = models.DateField(_("date"))
    inspector = user_field(_("inspector"), null=True, editable=False)
    deducted = models.DecimalField(_("deducted"), max_digits=6, decimal_places=2, editable=False)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, editable=False)
    vetoed = models.BooleanField(_("vetoed"), default=False, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "inspected_on"]),
            models.Index(fields=["community", "unit", "inspected_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(floor__isnull=True, area__isnull=False)
                | models.Q(floor__isnull=False, area__isnull=True),
                name="service_inspection_of_a_floor_or_an_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} · {self.inspected_on} · {self.score}"

    @property
    def place(self) -> object:
        return self.floor or self.area


class Deduction(CommunityOwned):
    """Points taken off one item of an inspection, and why (for a veto item: that it was triggered)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="deductions", verbose_name=_("inspection")
    )
    item = models.ForeignKey(SheetItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    points = models.DecimalField(_("points deducted"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    history = community_history()

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["item__sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0), name="service_deduction_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} −{self.points}"
