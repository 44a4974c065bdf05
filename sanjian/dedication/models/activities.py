"""Volunteer activities (志愿服务活动), the members who sign up, and their check-in and check-out."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class ActivityCategory(models.TextChoices):
    PROJECT = "project", _("Project activity")
    CIVILITY = "civility", _("Civility volunteer service")
    OTHER = "other", _("Other volunteer service")


def new_checkin_key() -> str:
    return secrets.token_urlsafe(12)


#: The fields of an activity that its organiser edits: the form and the interface both write these.
ACTIVITY_FIELDS = (
    "category",
    "project",
    "title",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "organiser",
    "description",
)


class Activity(CommunityOwned):
    """One volunteer activity, under a project or standalone.

    ``starts_at``/``ends_at`` are aware datetimes: an activity from 22:00 to 02:00 is one
    activity of four hours. ``checkin_key`` is the secret in the check-in QR code; replacing it
    makes old photos of the code useless.
    """

    project = models.ForeignKey(
        "dedication.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("project"),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=ActivityCategory.choices, default=ActivityCategory.PROJECT
    )
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    organiser = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    checkin_key = models.CharField(max_length=32, default=new_checkin_key, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history(excluded_fields=["checkin_key"])

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["community", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="dedication_activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An activity ends after it starts.")
        if self.category == ActivityCategory.PROJECT and not self.project_id:
            errors["project"] = _("Choose the project of a project activity.")
        for name in ("project", "organiser"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.community_id and related.community_id != self.community_id:
                errors[name] = _("This record belongs to another community.")
        if self.is_cancelled and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Say why the activity is cancelled.")
        if errors:
            raise ValidationError(errors)


class SignUp(CommunityOwned):
    """A person's place in an activity, and when they checked in and out by the QR code."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("activity")
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="activity_signups", verbose_name=_("person")
    )
    signed_up_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["signed_up_at"]
        constraints = [
            unique_in_community("activity", "person", name="dedication_signup_once"),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(checked_in_at__isnull=False, checked_out_at__gt=models.F("checked_in_at")),
                name="dedication_signup_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.person}"
