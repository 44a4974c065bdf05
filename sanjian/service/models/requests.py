"""Residents' repair and complaint requests (报修、投诉) per room, with a satisfaction call-back.

A complaint the apartment's management finds true and serious (``verified_serious``) vetoes the
apartment unit in the red-flag round of the day it was made (``redflag``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history


class RequestKind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    COMPLAINT = "complaint", _("Complaint")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("request", "Open")
    DONE = "done", _("Done, awaiting call-back")
    CLOSED = "closed", _("Closed")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class ServiceRequest(CommunityOwned):
    room = models.ForeignKey(
        "service.Room", on_delete=models.PROTECT, related_name="requests", verbose_name=_("room")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    reported_on = models.DateField(_("reported on"))
    reporter = models.CharField(_("reported by"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.CharField(_("what is wrong"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, editable=False
    )
    resolution = models.CharField(
        pgettext_lazy("request", "what was done"), max_length=300, blank=True, editable=False
    )
    resolved_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    satisfaction = models.CharField(
        _("call-back"), max_length=12, choices=Satisfaction.choices, blank=True, editable=False
    )
    callback_note = models.CharField(_("call-back note"), max_length=200, blank=True, editable=False)
    verified_serious = models.BooleanField(_("verified serious complaint"), default=False, editable=False)
    created_by = user_field(_("recorded by"), null=True, editable=False)
    history = community_history()

    class Meta:
        verbose_name = _("repair or complaint")
        verbose_name_plural = _("repairs and complaints")
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["community", "status", "reported_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_serious=False) | models.Q(kind="complaint"),
                name="service_only_complaints_are_serious",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.get_kind_display()} · {self.reported_on}"
