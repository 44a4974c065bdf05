"""Volunteer hours (志愿服务时长): one log per person per stretch of work, verified before it counts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history


class LogSource(models.TextChoices):
    CHECKIN = "checkin", _("QR check-in and check-out")
    SELF = "self", _("Logged by the member")
    ORGANISER = "organiser", _("Marked by the organiser")


class LogStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class HourLog(CommunityOwned):
    """A stretch of volunteer work by one person for one activity.

    The rules (end after start, no future, no overlap with the person's other logs, a day limit,
    no log on a cancelled activity) live in ``services.hours``, which alone writes logs. ``minutes``
    and ``worked_on`` (the Asia/Shanghai date the work started) are derived there, so that totals
    are sums of a column. ``branch`` is the person's party branch when the log was written: hours
    stay with the branch they were given in when the member later moves.
    """

    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="hour_logs", verbose_name=_("person")
    )
    branch = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("party branch"),
    )
    activity = models.ForeignKey(
        "dedication.Activity", on_delete=models.PROTECT, related_name="hour_logs", verbose_name=_("activity")
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    minutes = models.PositiveIntegerField(_("length in minutes"), editable=False)
    worked_on = models.DateField(_("date"), editable=False)
    source = models.CharField(_("source"), max_length=20, choices=LogSource.choices, editable=False)
    note = models.CharField(_("work done"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LogStatus.choices, default=LogStatus.PENDING, editable=False
    )
    reject_reason = models.CharField(_("reason for rejecting"), max_length=200, blank=True, editable=False)
    created_by = user_field(_("recorded by"), null=True, editable=False)
    decided_by = user_field(_("verified by"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = community_history()

    class Meta:
        verbose_name = _("hour log")
        verbose_name_plural = _("hour logs")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["community", "status", "worked_on"]),
            models.Index(fields=["community", "person", "started_at"]),
            # one member's totals for a period (certificates, the person page): without it SQLite
            # prefers (community, status, worked_on) and scans the community's whole year
            models.Index(fields=["community", "person", "worked_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")),
                name="dedication_log_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="dedication_log_minutes_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
                name="dedication_log_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.activity} · {self.hours}"

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


def hours_of(minutes: int | None) -> Decimal:
    """Minutes as hours to one decimal place, half up: THE rounding of hours, for certificates,
    boards, the dashboard and exports alike. Apply it once, to a total of minutes: never add
    rounded hours (three logs of 20 minutes are 1.0 h, not 0.9)."""
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
