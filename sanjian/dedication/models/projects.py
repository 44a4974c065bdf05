"""Dedication projects (党员奉献工程, 双百奉献活动) and the economic benefit they bring."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community

PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


class ProjectKind(models.TextChoices):
    DEDICATION = "dedication", _("Party members' dedication project")
    DOUBLE_HUNDRED = "double_hundred", _("Double-hundred dedication activity project")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


#: The fields of a project that a leader edits: the form and the interface both write these.
PROJECT_FIELDS = (
    "name",
    "kind",
    "goal",
    "leader",
    "branches",
    "starts_on",
    "ends_on",
    "target_hours",
    "target_benefit",
    "hourly_value",
    "status",
    "description",
)


class Project(CommunityOwned):
    """A project that party members carry out over a period, with targets of hours and benefit.

    ``hourly_value`` turns verified hours into an imputed value (折算价值); it is always shown
    apart from the direct benefit entries, never added to them.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    goal = models.TextField(_("goal"))
    leader = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("leading member"),
    )
    branches = models.ManyToManyField(
        "org.Unit",
        related_name="dedication_projects",
        verbose_name=_("participating branches"),
        limit_choices_to={"kind": "branch"},
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    target_hours = models.DecimalField(
        _("target hours"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    target_benefit = models.DecimalField(
        _("target benefit (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    hourly_value = models.DecimalField(
        _("value of an hour (yuan)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Optional: verified hours times this value are shown as imputed value, apart from direct benefit."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history(m2m_fields=[branches])

    class Meta:
        verbose_name = _("dedication project")
        verbose_name_plural = _("dedication projects")
        ordering = ["kind", "-starts_on", "name"]
        constraints = [
            unique_in_community("name", name="dedication_project_name_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="dedication_project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A project ends after it starts.")
        if self.leader_id and self.community_id and self.leader.community_id != self.community_id:
            errors["leader"] = _("This record belongs to another community.")
        if errors:
            raise ValidationError(errors)


def photo_upload_to(instance: ProjectPhoto, filename: str) -> str:
    return f"c/{instance.community_id}/dedication/projects/{instance.project_id}/{filename}"


class ProjectPhoto(CommunityOwned):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="photos", verbose_name=_("project")
    )
    image = models.FileField(
        _("photo"),
        upload_to=photo_upload_to,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_upload_size],
    )
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.caption or self.image.name.rsplit("/", 1)[-1]


class BenefitKind(models.TextChoices):
    SAVINGS = "savings", _("Direct savings")
    REPAIRS = "repairs", _("Repairs done")
    SERVICES = "services", _("Services given")
    OTHER = "other", _("Other")


def evidence_upload_to(instance: BenefitEntry, filename: str) -> str:
    return f"c/{instance.community_id}/dedication/benefit/{instance.project_id}/{filename}"


class BenefitEntry(CommunityOwned):
    """Direct economic benefit of a project (创造直接经济效益): an amount with its basis and evidence."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="benefits", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BenefitKind.choices)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    basis = models.TextField(
        _("basis of calculation"),
        help_text=_("How the amount was worked out, e.g. 12 pumps × 350 yuan a repair."),
    )
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_upload_to,
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_upload_size],
    )
    recorded_by = user_field(_("recorded by"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("benefit entry")
        verbose_name_plural = _("benefit entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["community", "project", "occurred_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="dedication_benefit_positive")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()} · {self.amount}"
