"""A person's health archive (健康档案) and the conditions it records."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class BloodType(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741  (the blood type's own name)


class ArchiveStatus(models.TextChoices):
    MANAGED = "managed", _("Under management")
    LOST = "lost", _("Temporarily lost to follow-up")
    ENDED = "ended", _("Management ended")


#: What a doctor records and keeps current in an archive: the form, the interface and a person's
#: data export all carry these.
ARCHIVE_FIELDS = ("blood_type", "allergies", "past_history", "medications", "height_cm", "doctor")


class HealthArchive(CommunityOwned):
    """One archive per person of the community (``members.Person``): what the doctors need to
    know and keep. Only medical roles read it, and every read is logged
    (``tenancy.services.record_read``)."""

    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="health_archives", verbose_name=_("person")
    )
    number = models.CharField(_("archive number"), max_length=30)
    blood_type = models.CharField(_("blood type"), max_length=2, choices=BloodType.choices, blank=True)
    allergies = models.TextField(_("allergies"), blank=True)
    past_history = models.TextField(_("medical history"), blank=True)
    medications = models.TextField(_("medications"), blank=True)
    height_cm = models.DecimalField(
        _("height (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(250)],
    )
    doctor = user_field(_("responsible doctor"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.MANAGED
    )
    end_reason = models.CharField(_("why management ended"), max_length=200, blank=True)
    opened_on = models.DateField(_("archive opened on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("health archive")
        verbose_name_plural = _("health archives")
        ordering = ["number"]
        constraints = [
            unique_in_community(
                "number",
                name="health_archive_number_unique",
                violation_error_message=_("Another archive of this community has this number."),
            ),
            unique_in_community(
                "person",
                name="health_archive_one_per_person",
                violation_error_message=_("This person already has a health archive."),
            ),
        ]
        indexes = [models.Index(fields=["community", "doctor", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.person}"


class ArchiveCondition(CommunityOwned):
    """A condition recorded on an archive, since when: it gives the archive follow-up plans."""

    archive = models.ForeignKey(
        HealthArchive, on_delete=models.CASCADE, related_name="diagnoses", verbose_name=_("archive")
    )
    condition = models.ForeignKey(
        "health.Condition", on_delete=models.PROTECT, related_name="+", verbose_name=_("condition")
    )
    diagnosed_on = models.DateField(_("diagnosed on"), null=True, blank=True)
    followed_since = models.DateField(
        _("followed up since"),
        default=timezone.localdate,
        help_text=_("Follow-up plans start here: no plan falls due for a period that ended before it."),
    )
    history = community_history()

    class Meta:
        verbose_name = _("recorded condition")
        verbose_name_plural = _("recorded conditions")
        ordering = ["condition__sort_order", "condition__name"]
        constraints = [
            unique_in_community(
                "archive",
                "condition",
                name="health_archive_condition_once",
                violation_error_message=_("The archive already records this condition."),
            )
        ]

    def __str__(self) -> str:
        return str(self.condition)
