"""Standards of the benchmark windows: the refined work standard of each kind of network, its
items, the items that do not apply to a window, the window's profile and the community's policy."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.org.models import NetworkType, Unit, UnitKind
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community

WINDOW = {"kind": UnitKind.WINDOW}


def window_fk(
    field: type[models.ForeignKey] = models.ForeignKey, *, on_delete: Callable, **options: Any
) -> models.ForeignKey:
    """A record's service window: a unit of kind window, named alike in every form and list."""
    options = {
        "related_name": "+",
        "verbose_name": _("service window"),
        "limit_choices_to": WINDOW,
        **options,
    }
    return field(Unit, on_delete=on_delete, **options)


POINTS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal(0))]}


class Dimension(models.TextChoices):
    """The five standards of every benchmark window, as the report names them."""

    SERVICE = "service", _("Standard service: the sunshine image")
    ENVIRONMENT = "environment", _("Clean environment: the hygiene image")
    INNOVATION = "innovation", _("New measures: the innovative image")
    LEARNING = "learning", _("Keen study: the learning image")
    RESULTS = "results", _("Outstanding results: the benchmark image")


class Standard(CommunityOwned):
    """精细化工作标准: the refined work standard of one kind of service network."""

    network_type = models.CharField(_("network type"), max_length=20, choices=NetworkType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("window standard")
        verbose_name_plural = _("window standards")
        ordering = ["network_type"]
        constraints = [
            unique_in_community(
                "network_type",
                name="windows_standard_one_per_network_type",
                violation_error_message=_("This kind of network already has a standard."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(CommunityOwned):
    """One item of a standard: points, the most that deductions may take off it, or a veto."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("standard")
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    code = models.CharField(_("item number"), max_length=10, help_text=_("e.g. 1.2"))
    title = models.CharField(_("requirement"), max_length=200)
    method = models.TextField(
        _("how it is checked"), blank=True, help_text=_("e.g. 0.5 points off for each lapse found.")
    )
    points = models.DecimalField(_("points"), default=Decimal(5), **POINTS)
    deduction_cap = models.DecimalField(
        _("deduction cap"),
        default=Decimal(5),
        help_text=_("The most that deductions may take off this item; at most its points."),
        **POINTS,
    )
    is_veto = models.BooleanField(
        _("veto item"),
        default=False,
        help_text=_("A veto item carries no points: when it is triggered the whole inspection scores zero."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["standard", "sort_order", "code"]
        constraints = [
            unique_in_community(
                "standard",
                "code",
                name="windows_criterion_code_unique_in_standard",
                violation_error_message=_("Another item of this standard already has this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.is_veto:
            if self.points or self.deduction_cap:
                raise ValidationError({"points": _("A veto item carries no points and no deduction cap.")})
        elif not self.points:
            raise ValidationError({"points": _("An item that is not a veto item needs points.")})
        elif self.deduction_cap is not None and self.deduction_cap > self.points:
            raise ValidationError({"deduction_cap": _("The deduction cap cannot exceed the item's points.")})


class NotApplicable(CommunityOwned):
    """An item of the standard that does not apply to one window (e.g. no cooking at a kiosk)."""

    window = window_fk(on_delete=models.CASCADE)
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="exemptions", verbose_name=_("item")
    )
    reason = models.CharField(_("reason"), max_length=200)
    history = community_history()

    class Meta:
        verbose_name = _("item not applicable to a window")
        verbose_name_plural = _("items not applicable to windows")
        constraints = [unique_in_community("window", "criterion", name="windows_not_applicable_unique")]

    def __str__(self) -> str:
        return f"{self.window} · {self.criterion}"


class WindowProfile(CommunityOwned):
    """What the windows app keeps about a window beyond the org unit: the version of its QR code.

    Raising ``qr_version`` revokes every poster printed before: their signed links stop working.
    """

    window = window_fk(models.OneToOneField, on_delete=models.CASCADE, related_name="window_profile")
    qr_version = models.PositiveIntegerField(_("QR code version"), default=1)
    history = community_history()

    class Meta:
        verbose_name = _("window profile")
        verbose_name_plural = _("window profiles")

    def __str__(self) -> str:
        return str(self.window)


class Policy(CommunityOwned):
    """The community's settings of the ratings and tickets; one row per community."""

    ticket_deadline_workdays = models.PositiveSmallIntegerField(
        _("working days to rectify"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("A bad rating must be rectified within this many working days (holidays excluded)."),
    )
    board_version = models.PositiveIntegerField(_("board link version"), default=1)
    history = community_history()

    class Meta:
        verbose_name = _("ratings settings")
        verbose_name_plural = _("ratings settings")
        constraints = [unique_in_community(name="windows_policy_one_per_community")]

    def __str__(self) -> str:
        return str(_("ratings settings"))
