"""Inspections: an inspector scores a window against its standard, item by item, with deductions,
vetoes and, once submitted, corrections."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import (
    FileExtensionValidator,
    MinValueValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community
from sanjian.windows.models.standards import POINTS, Criterion, Standard, window_fk


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Inspection(CommunityOwned):
    """检查: an inspector's or supervising unit's check of a window against its standard.

    Score = points earned ÷ points applicable × 100; zero when a veto item is triggered. Once
    submitted it changes only through an ``InspectionCorrection``.
    """

    window = window_fk(on_delete=models.PROTECT)
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("standard")
    )
    inspector = user_field(_("inspector"))
    inspected_on = models.DateField(_("inspected on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    points_applicable = models.DecimalField(_("points applicable"), max_digits=6, decimal_places=1, default=0)
    points_earned = models.DecimalField(_("points earned"), max_digits=6, decimal_places=1, default=0)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "inspected_on"], name="windows_insp_comm_day"),
            models.Index(fields=["window", "status", "inspected_on"], name="windows_insp_window"),
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.inspected_on}"

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT


class InspectionLine(CommunityOwned):
    """One item of the standard in one inspection: its points and cap as they were that day."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="lines", verbose_name=_("inspection")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    points = models.DecimalField(_("points"), **POINTS)
    deduction_cap = models.DecimalField(_("deduction cap"), **POINTS)
    is_veto = models.BooleanField(_("veto item"), default=False)
    applicable = models.BooleanField(_("applicable"), default=True)
    veto_triggered = models.BooleanField(_("veto triggered"), default=False)
    veto_reason = models.CharField(_("why the veto was triggered"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = community_history()

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["sort_order", "pk"]
        constraints = [
            unique_in_community("inspection", "criterion", name="windows_line_unique_per_inspection")
        ]

    def __str__(self) -> str:
        return str(self.criterion)

    @classmethod
    def of(
        cls, inspection: Inspection, criterion: Criterion, *, sort_order: int, applicable: bool
    ) -> InspectionLine:
        """The line of ``criterion`` in ``inspection``, unsaved: the item's points, cap and veto are
        copied, so that a later change of the standard leaves the inspection as it was scored."""
        return cls(
            community=inspection.community,
            inspection=inspection,
            criterion=criterion,
            points=criterion.points,
            deduction_cap=criterion.deduction_cap,
            is_veto=criterion.is_veto,
            applicable=applicable,
            sort_order=sort_order,
        )


class InspectionCorrection(CommunityOwned):
    """A recorded change to a submitted inspection: who, when, why, and the score before and after."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("inspection")
    )
    reason = models.TextField(_("reason for the correction"))
    summary = models.TextField(_("what changed"))
    score_before = models.DecimalField(_("score before"), max_digits=5, decimal_places=2, null=True)
    score_after = models.DecimalField(_("score after"), max_digits=5, decimal_places=2, null=True)
    author = user_field(_("corrected by"))
    created_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("inspection correction")
        verbose_name_plural = _("inspection corrections")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.created_at:%Y-%m-%d}"


def photo_upload_to(instance: Deduction, filename: str) -> str:
    return f"c/{instance.community_id}/inspections/{filename}"


class Deduction(CommunityOwned):
    """Points taken off one item of an inspection, with the reason and optionally a photo."""

    line = models.ForeignKey(
        InspectionLine, on_delete=models.CASCADE, related_name="deductions", verbose_name=_("item")
    )
    points = models.DecimalField(
        _("points off"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    reason = models.CharField(_("reason"), max_length=200)
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_upload_size],
    )
    created_by = user_field(_("recorded by"))
    added_by = models.ForeignKey(
        InspectionCorrection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="added",
        verbose_name=_("added by correction"),
    )
    withdrawn_by = models.ForeignKey(
        InspectionCorrection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn",
        verbose_name=_("withdrawn by correction"),
    )
    history = community_history()

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"-{self.points} {self.reason}"
