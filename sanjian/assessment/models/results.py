"""Results: the comprehensive score per unit and period, its lines, appeals, adjustments, warnings."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from decimal import Decimal

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.assessment.models.periods import EVIDENCE_EXTENSIONS, Period
from sanjian.assessment.models.setup import Category, Indicator
from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import AppealFields, user_field
from sanjian.org.models import Unit
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class LineState(models.TextChoices):
    SCORED = "scored", _("Scored")
    NOT_APPLICABLE = "not_applicable", _("Not applicable this period")
    NO_VALUE = "no_value", _("No value entered")
    NO_DATA = "no_data", _("Nothing to measure")
    NO_SOURCE = "no_source", _("Automatic source not installed")


@dataclass
class Line:
    """One indicator of a result: its value, points and the reasons behind them, as computed.

    Lines are a snapshot kept on the result (``Result.lines``), with the indicator's name and
    measure as they were: a published breakdown does not change when the library does.
    """

    indicator: int
    name: str
    category: str
    weight: Decimal
    item: int | None = None
    code: str = ""
    measure: str = ""
    state: str = LineState.SCORED
    value: Decimal | None = None
    base: Decimal = Decimal(0)
    deductions: Decimal = Decimal(0)
    bonuses: Decimal = Decimal(0)
    earned: Decimal = Decimal(0)
    note: str = ""
    source: str = ""
    entries: list = field(default_factory=list, compare=False)  # the item's entries, for display

    DECIMALS = ("weight", "value", "base", "deductions", "bonuses", "earned")

    @property
    def applicable(self) -> bool:
        """Whether the line counts: the others drop out of the score (earned ÷ applicable × 100)."""
        return self.state == LineState.SCORED

    def get_state_display(self) -> str:
        return str(LineState(self.state).label)

    def get_category_display(self) -> str:
        return str(dict(Category.choices).get(self.category, self.category))

    def as_json(self) -> dict:
        """The line as stored: decimals as exact strings, values left at their default omitted
        (a month of a hundred communities is 120,000 lines: size is time)."""
        data = {}
        for name, spec in self.__dataclass_fields__.items():
            value = getattr(self, name)
            if name == "entries" or (spec.default is not MISSING and value == spec.default):
                continue
            data[name] = str(value) if name in self.DECIMALS and value is not None else value
        return data

    @classmethod
    def from_json(cls, data: dict) -> Line:
        values = dict(data)
        for name in cls.DECIMALS:
            if values.get(name) is not None:
                values[name] = Decimal(values[name])
        return cls(**values)


class SnapshotField(models.JSONField):
    """A JSON document written in bulk. Having ``get_placeholder`` keeps PostgreSQL's bulk insert
    on plain VALUES: Django's UNNEST strategy casts a whole array of documents to jsonb[], three
    times slower for a community's results (measured by bench/assessment.py)."""

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class Result(CommunityOwned):
    """A unit's comprehensive score for a period, computed when the period closes.

    ``total`` is the score as computed (and, once published, as published: it never changes
    again); ``adjustment`` is the sum of the recorded adjustments made after publication, and
    ``rank`` follows ``total + adjustment`` among the units of the same kind. ``lines`` holds
    the breakdown per indicator (see ``Line``), written once with the result.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="results", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assessment_results", verbose_name=_("unit")
    )
    unit_kind = models.CharField(_("unit kind"), max_length=20, editable=False)
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    earned = models.DecimalField(_("points earned"), max_digits=7, decimal_places=2, default=Decimal(0))
    applicable_weight = models.DecimalField(
        _("applicable weight"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    adjustment = models.DecimalField(_("adjustments"), max_digits=6, decimal_places=2, default=Decimal(0))
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_count = models.PositiveSmallIntegerField(_("units ranked"), default=0)
    change = models.DecimalField(
        _("change on the month before"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    months = models.PositiveSmallIntegerField(_("months counted"), default=1)
    lines = SnapshotField(_("breakdown"), default=list, editable=False)
    computed_at = models.DateTimeField(_("computed at"))
    history = community_history(excluded_fields=["lines"])

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["unit_kind", "rank", "unit__sort_order"]
        constraints = [unique_in_community("period", "unit", name="result_one_per_unit_and_period")]
        indexes = [models.Index(fields=["community", "unit", "period"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"

    @property
    def final_total(self) -> Decimal | None:
        return None if self.total is None else self.total + self.adjustment

    @cached_property
    def breakdown(self) -> list[Line]:
        return [Line.from_json(data) for data in self.lines]

    def line(self, indicator_id: int | None) -> Line | None:
        return next((line for line in self.breakdown if line.indicator == indicator_id), None)


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", pgettext_lazy("appeal decision", "Rejected")


def appeal_upload_to(instance: Appeal, filename: str) -> str:
    return f"c/{instance.community_id}/assessment/appeals/{filename}"


class Appeal(CommunityOwned, AppealFields):
    """申诉: a unit contests one item of its published result within the appeal window."""

    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("result")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("scored item")
    )
    reason = models.TextField(_("grounds of the appeal"))
    evidence = models.FileField(
        _("evidence"),
        upload_to=appeal_upload_to,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_upload_size],
    )
    filed_at = models.DateTimeField(_("filed at"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField(_("decision"), blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return _("Appeal on %(item)s") % {"item": self.indicator}

    @property
    def line(self) -> Line | None:
        return self.result.line(self.indicator_id)


class Adjustment(CommunityOwned):
    """A recorded correction of a published result, in points of the comprehensive score."""

    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, related_name="adjustments", verbose_name=_("result")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored item"),
    )
    appeal = models.OneToOneField(
        Appeal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustment",
        verbose_name=_("appeal"),
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    made_by = user_field(_("made by"))
    made_at = models.DateTimeField(_("made at"))
    history = community_history()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.result} {self.points:+}"


class AlertKind(models.TextChoices):
    FALLING = "falling", _("Falling two months running")
    BELOW_FLOOR = "below_floor", _("Below the floor two months running")


class Alert(CommunityOwned):
    """动态考核 early warning, raised when a month is published."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="assessment_alerts", verbose_name=_("unit")
    )
    kind = models.CharField(_("warning"), max_length=20, choices=AlertKind.choices)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    reference = models.DecimalField(
        _("compared with"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Falling: the score two months before; below the floor: the floor."),
    )

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-period__start", "unit__kind", "unit__name"]
        constraints = [unique_in_community("period", "unit", "kind", name="alert_once_per_period")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"
