"""Follow-up plans (what is due, by when, by whom) and visits (what was done)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class PlanKind(models.TextChoices):
    VISIT = "visit", _("Regular follow-up")
    CHECK = "check", _("Yearly health check")
    URGENT = "urgent", _("Follow-up after a change")


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Due for follow-up")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VisitMethod(models.TextChoices):
    CLINIC = "clinic", _("At the clinic")
    HOME = "home", _("Home or dormitory visit")
    PHONE = "phone", _("By phone")


class Adherence(models.TextChoices):
    REGULAR = "regular", _("Takes it regularly")
    INTERMITTENT = "intermittent", _("Takes it now and then")
    NONE = "none", _("Does not take it")


class Classification(models.TextChoices):
    CONTROLLED = "controlled", _("Controlled")
    NOT_CONTROLLED = "not_controlled", _("Not controlled")
    ADVERSE = "adverse", _("Adverse reaction")
    COMPLICATION = "complication", _("Complication")


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("Continue management")
    LOST = "lost", _("Temporarily lost to follow-up")
    ENDED = "ended", _("End management")


#: What a doctor records at a follow-up: the phone form and the interface both write these.
VISIT_FIELDS = (
    "date",
    "method",
    "systolic",
    "diastolic",
    "fasting_glucose",
    "weight_kg",
    "spo2",
    "adherence",
    "classification",
    "medication_changed",
    "medications",
    "referral",
    "referral_to",
    "referral_reason",
    "annual_check",
    "outcome",
    "end_reason",
    "next_date",
    "note",
)


class Visit(CommunityOwned):
    """One follow-up of an archive: how, what was measured, how it stands, what comes next.

    A visit covers every condition of its archive (the doctor sees the person, not one disease).
    """

    archive = models.ForeignKey(
        "health.HealthArchive", on_delete=models.PROTECT, related_name="visits", verbose_name=_("archive")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices)
    doctor = user_field(_("doctor"))
    systolic = models.PositiveSmallIntegerField(
        _("systolic pressure (mmHg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(60), MaxValueValidator(300)],
    )
    diastolic = models.PositiveSmallIntegerField(
        _("diastolic pressure (mmHg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(200)],
    )
    fasting_glucose = models.DecimalField(
        _("fasting glucose (mmol/L)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("40"))],
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("20")), MaxValueValidator(Decimal("300"))],
    )
    spo2 = models.PositiveSmallIntegerField(
        _("oxygen saturation SpO₂ (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
    )
    adherence = models.CharField(
        _("medication adherence"), max_length=15, choices=Adherence.choices, blank=True
    )
    classification = models.CharField(
        _("classification"), max_length=15, choices=Classification.choices, blank=True
    )
    medication_changed = models.BooleanField(_("medication changed"), default=False)
    medications = models.TextField(
        _("medications now"),
        blank=True,
        help_text=_("When the medication changed: what the person takes now."),
    )
    referral = models.BooleanField(_("referred"), default=False)
    referral_to = models.CharField(_("referred to"), max_length=100, blank=True)
    referral_reason = models.CharField(_("reason for referral"), max_length=200, blank=True)
    annual_check = models.BooleanField(_("includes the yearly health check"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.CONTINUE)
    end_reason = models.CharField(_("why management ends"), max_length=200, blank=True)
    next_date = models.DateField(_("next follow-up"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "doctor", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.archive.number} · {self.date}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if (self.systolic is None) != (self.diastolic is None):
            errors["diastolic"] = _("Enter both pressures, or neither.")
        elif self.systolic is not None and self.diastolic >= self.systolic:
            errors["diastolic"] = _("The diastolic pressure must be lower than the systolic.")
        if self.medication_changed and not self.medications.strip():
            errors["medications"] = _("Say what the person takes now.")
        if self.referral and not self.referral_to.strip():
            errors["referral_to"] = _("Say where the person is referred to.")
        if self.outcome == Outcome.ENDED and not self.end_reason.strip():
            errors["end_reason"] = _("Say why management ends.")
        if self.next_date and self.date and self.next_date <= self.date:
            errors["next_date"] = _("The next follow-up comes after this one.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A visit cannot be recorded for a day still to come.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_face_to_face(self) -> bool:
        return self.method != VisitMethod.PHONE

    def bmi(self) -> Decimal | None:
        """Body mass index from this visit's weight and the archive's height."""
        height = self.archive.height_cm
        if not self.weight_kg or not height:
            return None
        metres = Decimal(height) / 100
        return (Decimal(self.weight_kg) / (metres * metres)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class FollowUpPlan(CommunityOwned):
    """A follow-up due for one condition of an archive: within ``period_start``..``due_date``.

    Plans are made from the condition's rule (``services.plans_generate``: one per part of the
    year, and the yearly check) and after a change of medication or a referral (``URGENT``,
    within the rule's days). A visit fulfils every open plan whose period has begun; a plan is
    on time when done by its due date, overdue when still open after it.
    """

    archive = models.ForeignKey(
        "health.HealthArchive", on_delete=models.CASCADE, related_name="plans", verbose_name=_("archive")
    )
    condition = models.ForeignKey(
        "health.Condition", on_delete=models.PROTECT, related_name="+", verbose_name=_("condition")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices, default=PlanKind.VISIT)
    period_start = models.DateField(_("period from"))
    due_date = models.DateField(_("due by"))
    doctor = user_field(_("responsible doctor"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled",
        verbose_name=_("done by the visit"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")
        ordering = ["due_date", "pk"]
        constraints = [
            unique_in_community(
                "archive", "condition", "kind", "due_date", name="health_plan_once_per_due_date"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("due_date")), name="health_plan_period_in_order"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "due_date"]),
            models.Index(fields=["community", "doctor", "status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.archive.number} · {self.condition} · {self.due_date}"

    @property
    def on_time(self) -> bool | None:
        """Done by its due date; None while it is still open."""
        if self.status != PlanStatus.DONE or self.done_on is None:
            return None
        return self.done_on <= self.due_date
