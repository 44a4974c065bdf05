"""Periods and what is recorded in them: responsibility letters, cost quotas and score entries."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.assessment.models.setup import MEASURE, POSITIVE, WEIGHT, Indicator, RuleFields
from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.lib.money import rate
from sanjian.org.models import Unit
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class PeriodKind(models.TextChoices):
    MONTH = "month", pgettext_lazy("period kind", "Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed, being reviewed")
    REVIEWED = "reviewed", _("Reviewed, ready to publish")
    PUBLISHED = "published", _("Published, open to appeal")
    FINAL = "final", _("Final")


def period_bounds(kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month, quarter or year."""
    if kind == PeriodKind.MONTH:
        return datetime.date(year, number, 1), datetime.date(
            year, number, calendar.monthrange(year, number)[1]
        )
    if kind == PeriodKind.QUARTER:
        last = number * 3
        return datetime.date(year, last - 2, 1), datetime.date(year, last, calendar.monthrange(year, last)[1])
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class Period(CommunityOwned):
    """An assessment period: open → closed (scores computed) → reviewed → published → final.

    Months are scored from their letters; a quarter or a year aggregates its published months.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("The month (1–12) or the quarter (1–4); 1 for a year.")
    )
    start = models.DateField(_("first day"), editable=False)
    end = models.DateField(_("last day"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = user_field(_("reviewed by"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeal_deadline = models.DateTimeField(_("appeals close at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-year", "-start", "kind"]
        constraints = [
            unique_in_community(
                "kind",
                "year",
                "number",
                name="period_unique_in_community",
                violation_error_message=_("This period already exists."),
            )
        ]
        indexes = [models.Index(fields=["community", "kind", "start"])]

    def __str__(self) -> str:
        if self.kind == PeriodKind.MONTH:  # 2026年11月, November 2026: the language's own month format
            return date_format(datetime.date(self.year, self.number, 1), "YEAR_MONTH_FORMAT")
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)d %(year)d") % {"year": self.year, "quarter": self.number}
        return _("Year %(year)d") % {"year": self.year}

    def clean(self) -> None:
        limit = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}.get(self.kind, 1)
        if not 1 <= (self.number or 0) <= limit:
            raise ValidationError({"number": _("There is no such month or quarter.")})
        if self.year:
            self.start, self.end = period_bounds(self.kind, self.year, self.number)

    @property
    def is_month(self) -> bool:
        return self.kind == PeriodKind.MONTH

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.status in (PeriodStatus.PUBLISHED, PeriodStatus.FINAL)

    def appeals_open(self, now: datetime.datetime | None = None) -> bool:
        """Whether a unit may still file an appeal: published and within the window."""
        now = now or timezone.now()
        return (
            self.status == PeriodStatus.PUBLISHED
            and self.appeal_deadline is not None
            and now <= self.appeal_deadline
        )


class Letter(CommunityOwned):
    """承包责任状: a unit's indicators and targets for a period, signed by both sides.

    The issuer signs for the community, the responsible person for the unit; each signature is
    timed. Once either has signed, the items change only by a recorded amendment, which clears
    both signatures so that both sides sign again.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="letters", verbose_name=_("period")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="letters", verbose_name=_("unit"))
    clauses = models.TextField(_("duties and terms"), blank=True)
    responsible = user_field(
        _("responsible person"), null=True, blank=True, help_text=_("Signs for the unit.")
    )
    issuer = user_field(_("signatory for the community"), null=True, blank=True)
    responsible_signed_at = models.DateTimeField(_("signed by the unit at"), null=True, blank=True)
    issuer_signed_at = models.DateTimeField(_("signed by the community at"), null=True, blank=True)
    amendment_count = models.PositiveSmallIntegerField(_("amendments"), default=0)
    history = community_history()

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["unit__kind", "unit__sort_order", "unit__name"]
        constraints = [
            unique_in_community(
                "period",
                "unit",
                name="letter_one_per_unit_and_period",
                violation_error_message=_("This unit already has a letter for the period."),
            )
        ]

    def __str__(self) -> str:
        return _("Responsibility letter of %(unit)s, %(period)s") % {"unit": self.unit, "period": self.period}

    @property
    def is_signed(self) -> bool:
        return bool(self.responsible_signed_at and self.issuer_signed_at)

    @property
    def has_signature(self) -> bool:
        return bool(self.responsible_signed_at or self.issuer_signed_at)


class LetterItem(RuleFields, CommunityOwned):
    """One indicator of a letter, with the target and weight agreed for this unit and period."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="items", verbose_name=_("letter")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="letter_items", verbose_name=_("indicator")
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, validators=WEIGHT)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = community_history()

    class Meta:
        verbose_name = _("letter indicator")
        verbose_name_plural = _("letter indicators")
        ordering = ["sort_order", "pk"]
        constraints = [
            unique_in_community(
                "letter",
                "indicator",
                name="letter_item_indicator_once",
                violation_error_message=_("The indicator is already in this letter."),
            )
        ]

    def __str__(self) -> str:
        return str(self.indicator)

    def clean(self) -> None:
        errors = self.rule_errors()
        if errors:
            raise ValidationError(errors)


class Amendment(CommunityOwned):
    """A recorded change to a letter after a signature: what it was, what it became, and why."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("letter")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.CharField(_("reason"), max_length=300)
    before = models.JSONField(_("before"), default=list)
    after = models.JSONField(_("after"), default=list)
    made_by = user_field(_("made by"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("letter amendment")
        verbose_name_plural = _("letter amendments")
        ordering = ["letter", "number"]
        constraints = [unique_in_community("letter", "number", name="amendment_number_unique")]

    def __str__(self) -> str:
        return _("Amendment %(number)d") % {"number": self.number}


class CostItem(CommunityOwned):
    """定额控制: one cost item of a unit in a period, its quota and what was actually spent."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="cost_items", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cost_items", verbose_name=_("unit")
    )
    name = models.CharField(_("cost item"), max_length=100)
    measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    quota = models.DecimalField(
        _("quota"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    actual = models.DecimalField(
        _("actual"), max_digits=12, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("cost quota")
        verbose_name_plural = _("cost quotas")
        ordering = ["unit__kind", "unit__sort_order", "unit__name", "name"]
        constraints = [
            unique_in_community(
                "period",
                "unit",
                "name",
                name="cost_item_unique_per_unit_and_period",
                violation_error_message=_("This unit already has this cost item in the period."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def variance(self) -> Decimal | None:
        """Actual minus quota, in the item's money: positive is overspending."""
        return None if self.actual is None else self.actual - self.quota

    @property
    def variance_rate(self) -> Decimal | None:
        """Variance ÷ quota as a percentage, rounded half up to 0.01."""
        variance = self.variance
        if variance is None:
            return None
        share = rate(variance, self.quota, 4)
        return None if share is None else share * 100


class EntryKind(models.TextChoices):
    VALUE = "value", _("Measured value")
    OCCURRENCE = "occurrence", _("Occurrences")
    DEDUCTION = "deduction", _("Deduction (points)")
    BONUS = "bonus", _("Bonus (points)")
    NOT_APPLICABLE = "not_applicable", _("Not applicable this period")


EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


def evidence_upload_to(instance: Entry, filename: str) -> str:
    return f"c/{instance.community_id}/assessment/evidence/{filename}"


class Entry(CommunityOwned):
    """A manual score entry on one item of a letter: who, when, how much, why, with evidence.

    A measured value replaces the one before it (the latest counts; the earlier stay on record);
    occurrences, deductions and bonuses add up. Entries are made only while the period is open.
    """

    item = models.ForeignKey(
        LetterItem, on_delete=models.CASCADE, related_name="entries", verbose_name=_("indicator")
    )
    kind = models.CharField(_("kind of entry"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(
        _("amount"), help_text=_("The value measured, the number of occurrences or the points."), **MEASURE
    )
    reason = models.CharField(_("reason"), max_length=300)
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_upload_to,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_upload_size],
    )
    entered_by = user_field(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = community_history()

    class Meta:
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        ordering = ["entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.item}"

    def clean(self) -> None:
        if self.kind == EntryKind.NOT_APPLICABLE:
            self.amount = None
            return
        if self.amount is None:
            raise ValidationError({"amount": _("Enter the amount.")})
        if self.kind != EntryKind.VALUE and self.amount <= 0:
            raise ValidationError({"amount": _("Enter a number above zero.")})
