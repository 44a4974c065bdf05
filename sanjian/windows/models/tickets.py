"""Rectification tickets opened by bad ratings, and appeals against those ratings."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.models import AppealFields, user_field
from sanjian.tenancy.models import CommunityOwned, community_history
from sanjian.windows.models.ratings import Rating
from sanjian.windows.models.standards import window_fk


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
        Rating,
        on_delete=models.PROTECT,  # enforced by the ORM
        related_name="ticket",
        verbose_name=_("rating"),
        # No database constraint: ratings are partitioned by month on PostgreSQL, and a key into
        # a partitioned table would have to name the month too (sanjian/lib/partitions.py).
        db_constraint=False,
    )
    window = window_fk(on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    deadline = models.DateField(_("rectify by"))
    rectification = models.TextField(_("what was done"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectified_by = user_field(_("rectified by"), null=True, blank=True)
    callback_result = models.CharField(
        _("resident's satisfaction on call-back"), max_length=12, choices=CallbackResult.choices, blank=True
    )
    callback_note = models.CharField(_("call-back note"), max_length=300, blank=True)
    called_back_by = user_field(_("called back by"), null=True, blank=True)
    closed_by = user_field(_("closed by"), null=True, blank=True)
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


class Appeal(CommunityOwned, AppealFields):
    """申诉: the window contests a bad rating; the supervising unit decides, and the decision stays."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="appeal", verbose_name=_("ticket")
    )
    ground = models.CharField(_("ground"), max_length=12, choices=AppealGround.choices)
    statement = models.TextField(_("statement"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("decision"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return str(_("Appeal against %(ticket)s") % {"ticket": self.ticket})
