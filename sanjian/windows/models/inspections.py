"""Benchmark service windows: standards, inspections, residents' ratings, tickets, titles.

Records flow one way: ratings and inspections (what happened) → daily rollups and scores (what
it is worth) → rankings, boards and indicators (what people read). See docs/windows.md.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.files import validate_upload_size
from sanjian.org.models import NetworkType, Unit, UnitKind
from sanjian.tenancy.models import CommunityOwned, community_history

WINDOW = {"kind": UnitKind.WINDOW}
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
            models.UniqueConstraint(
                fields=["community", "network_type"],
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
            models.UniqueConstraint(
                fields=["community", "standard", "code"],
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

    window = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="exemptions", verbose_name=_("item")
    )
    reason = models.CharField(_("reason"), max_length=200)
    history = community_history()

    class Meta:
        verbose_name = _("item not applicable to a window")
        verbose_name_plural = _("items not applicable to windows")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "window", "criterion"], name="windows_not_applicable_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.criterion}"


class WindowProfile(CommunityOwned):
    """What the windows app keeps about a window beyond the org unit: the version of its QR code.

    Raising ``qr_version`` revokes every poster printed before: their signed links stop working.
    """

    window = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        related_name="window_profile",
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
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
        constraints = [models.UniqueConstraint(fields=["community"], name="windows_policy_one_per_community")]

    def __str__(self) -> str:
        return str(_("ratings settings"))


# --- Inspections -----------------------------------------------------------------------------


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Inspection(CommunityOwned):
    """检查: an inspector's or supervising unit's check of a window against its standard.

    Score = points earned ÷ points applicable × 100; zero when a veto item is triggered. Once
    submitted it changes only through an ``InspectionCorrection``.
    """

    window = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("standard")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
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
            models.UniqueConstraint(
                fields=["community", "inspection", "criterion"], name="windows_line_unique_per_inspection"
            )
        ]

    def __str__(self) -> str:
        return str(self.criterion)


class InspectionCorrection(CommunityOwned):
    """A recorded change to a submitted inspection: who, when, why, and the score before and after."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("inspection")
    )
    reason = models.TextField(_("reason for the correction"))
    summary = models.TextField(_("what changed"))
    score_before = models.DecimalField(_("score before"), max_digits=5, decimal_places=2, null=True)
    score_after = models.DecimalField(_("score after"), max_digits=5, decimal_places=2, null=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by")
    )
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
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


# --- Residents' ratings -----------------------------------------------------------------------


class Level(models.IntegerChoices):
    """The five levels of the national 好差评 practice (GB/T 39734-2020)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


#: The levels that count towards the satisfaction rate, and those that open a ticket.
GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Reason(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency")
    ATTITUDE = "attitude", _("Attitude")
    ENVIRONMENT = "environment", _("Environment")
    QUALITY = "quality", _("Quality")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    QR = "qr", _("QR code")
    API = "api", _("Interface")


class Rating(CommunityOwned):
    """One resident's rating of one window, by QR code, without an account.

    Insert-only, on the platform's hottest path: it keeps no history rows. The one change it
    can undergo, exclusion by an upheld appeal, is recorded (with history) on the ``Appeal``;
    and a history table would keep a copy of the phone number that ``ticket_close`` erases.
    """

    window = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (window, created_at) index serves it
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    phone = models.CharField(
        _("phone for a call-back"),
        max_length=20,
        blank=True,
        help_text=_("Used only to call the resident back; erased when the ticket closes."),
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=4, choices=Source.choices, default=Source.QR)
    excluded = models.BooleanField(
        _("removed from scores"), default=False, help_text=_("Set when an appeal against it is upheld.")
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["window", "created_at"], name="windows_rating_window_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="windows_rating_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=3) | ~Q(reason=""), name="windows_rating_bad_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class DailyRollup(CommunityOwned):
    """The ratings of one window on one day, by level: what boards and rankings read.

    Kept exact by ``rollups.rollup_add`` in the same transaction as each rating (an upsert
    that increments), and by ``rollups.rollup_remove`` when an appeal excludes a rating;
    ``manage.py windows_rebuild_rollups`` recomputes them from the ratings and reports any
    difference.
    """

    window = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique (community, window, day) index serves it
        verbose_name=_("service window"),
    )
    day = models.DateField(_("day"))
    level_1 = models.PositiveIntegerField(_("very dissatisfied"), default=0)
    level_2 = models.PositiveIntegerField(_("dissatisfied"), default=0)
    level_3 = models.PositiveIntegerField(_("basically satisfied"), default=0)
    level_4 = models.PositiveIntegerField(_("satisfied"), default=0)
    level_5 = models.PositiveIntegerField(_("very satisfied"), default=0)

    class Meta:
        verbose_name = _("daily ratings of a window")
        verbose_name_plural = _("daily ratings of windows")
        constraints = [
            models.UniqueConstraint(fields=["community", "window", "day"], name="windows_rollup_unique_day")
        ]
        indexes = [models.Index(fields=["community", "day"], name="windows_rollup_comm_day")]

    def __str__(self) -> str:
        return f"{self.window} {self.day}"

    @property
    def counts(self) -> tuple[int, int, int, int, int]:
        return (self.level_1, self.level_2, self.level_3, self.level_4, self.level_5)


# --- Rectification tickets and appeals ---------------------------------------------------------


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFIED = "rectified", _("Rectified")
    CALLED_BACK = "called_back", _("Called back")
    CLOSED = "closed", _("Closed")
    APPEALED = "appealed", _("Under appeal")
    WITHDRAWN = "withdrawn", _("Withdrawn on appeal")


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied with the rectification")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Still dissatisfied")
    UNREACHABLE = "unreachable", _("No phone number or not reachable")


class Ticket(CommunityOwned):
    """整改台账: the follow-up of one bad rating, open → rectified → called back → closed."""

    rating = models.OneToOneField(
        Rating, on_delete=models.PROTECT, related_name="ticket", verbose_name=_("rating")
    )
    window = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    deadline = models.DateField(_("rectify by"))
    rectification = models.TextField(_("what was done"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    callback_result = models.CharField(
        _("resident's satisfaction on call-back"), max_length=12, choices=CallbackResult.choices, blank=True
    )
    callback_note = models.CharField(_("call-back note"), max_length=300, blank=True)
    called_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("called back by"),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_note = models.CharField(_("closing note"), max_length=300, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("rectification ticket")
        verbose_name_plural = _("rectification tickets")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "deadline"], name="windows_ticket_status"),
            models.Index(fields=["community", "deadline"], name="windows_ticket_deadline"),
            models.Index(fields=["window", "status"], name="windows_ticket_window"),
        ]

    def __str__(self) -> str:
        return str(_("Ticket %(number)s") % {"number": self.number})

    @property
    def number(self) -> str:
        return f"ZG{self.opened_on:%Y%m}-{self.pk:05d}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open past its deadline, or rectified after it."""
        today = today or timezone.localdate()
        if self.status == TicketStatus.OPEN:
            return today > self.deadline
        return self.rectified_on is not None and self.rectified_on > self.deadline


def overdue_q(today: datetime.date) -> Q:
    """Tickets that missed their deadline: still open after it, or rectified after it."""
    return (Q(status=TicketStatus.OPEN, deadline__lt=today) | Q(rectified_on__gt=models.F("deadline"))) & ~Q(
        status=TicketStatus.WITHDRAWN
    )


class AppealGround(models.TextChoices):
    MALICIOUS = "malicious", _("Malicious rating")
    MISTAKEN = "mistaken", _("Mistaken rating (wrong window or not about the service)")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld: the rating is removed from scores")
    REJECTED = "rejected", pgettext_lazy("appeal decision", "Rejected")


class Appeal(CommunityOwned):
    """申诉: the window contests a bad rating; the supervising unit decides, and the decision stays."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="appeal", verbose_name=_("ticket")
    )
    ground = models.CharField(_("ground"), max_length=12, choices=AppealGround.choices)
    statement = models.TextField(_("statement"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("decision"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return str(_("Appeal against %(ticket)s") % {"ticket": self.ticket})


# --- Titles -------------------------------------------------------------------------------------


class BenchmarkTitle(CommunityOwned):
    """标杆窗口: the secretary's designation of a window as a benchmark for a year, with the reason."""

    window = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service window"),
        limit_choices_to=WINDOW,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reason = models.TextField(_("reason"))
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("designated by")
    )
    designated_at = models.DateTimeField(_("designated at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("benchmark window title")
        verbose_name_plural = _("benchmark window titles")
        ordering = ["-year", "window__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "window", "year"],
                name="windows_benchmark_once_a_year",
                violation_error_message=_("This window is already a benchmark window for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.year}"
