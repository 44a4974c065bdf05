"""Repair and complaint requests: opened, done, called back (满意度回访), and a complaint found
true and serious.

Status runs open → done → closed. The call-back closes a request whose resident is satisfied
(or could not be reached); one who is not reopens it, so the work is done again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, lock, record_save
from sanjian.service.models import RequestKind, RequestStatus, Satisfaction, ServiceRequest
from sanjian.tenancy.models import Community


@transaction.atomic
def request_open(*, community: Community, request: ServiceRequest, actor: Actor) -> ServiceRequest:
    request.community = community
    if request.room_id and request.room.community_id != community.pk:
        raise ValidationError(_("The record belongs to another community."))
    if request.reported_on and request.reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("A request is recorded on the day or after it, not ahead.")})
    request.created_by = actor
    return record_save(request, actor=actor)


def _locked(request: ServiceRequest, *allowed: str) -> ServiceRequest:
    lock(request)
    request.refresh_from_db()
    if request.status not in allowed:
        raise ValidationError(
            _("The request is %(status)s: it cannot take this step.")
            % {"status": request.get_status_display()}
        )
    return request


@transaction.atomic
def request_resolve(
    *, request: ServiceRequest, resolution: str, resolved_on: datetime.date | None = None, actor: Actor
) -> ServiceRequest:
    request = _locked(request, RequestStatus.OPEN)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what was done.")})
    resolved_on = resolved_on or timezone.localdate()
    if resolved_on < request.reported_on or resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": _("The date lies between the request and today.")})
    request.status, request.resolution, request.resolved_on = (
        RequestStatus.DONE,
        resolution.strip(),
        resolved_on,
    )
    return record_save(request, actor=actor)


@transaction.atomic
def request_call_back(
    *, request: ServiceRequest, satisfaction: str, note: str = "", actor: Actor
) -> ServiceRequest:
    request = _locked(request, RequestStatus.DONE)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose the resident's answer.")})
    if satisfaction == Satisfaction.UNSATISFIED and not note.strip():
        raise ValidationError({"note": _("Note what the resident is not satisfied with.")})
    request.satisfaction, request.callback_note = satisfaction, note.strip()
    reopened = satisfaction == Satisfaction.UNSATISFIED
    request.status = RequestStatus.OPEN if reopened else RequestStatus.CLOSED
    return record_save(request, actor=actor, reason=_("Reopened after the call-back") if reopened else "")


@transaction.atomic
def complaint_verify(*, request: ServiceRequest, serious: bool, reason: str, actor: Actor) -> ServiceRequest:
    """Record that a complaint was checked and found true and serious (or, on a second look, not):
    a serious one vetoes the apartment unit in that month's red-flag round."""
    request = _locked(request, *RequestStatus.values)
    if request.kind != RequestKind.COMPLAINT:
        raise ValidationError(_("Only a complaint can be verified as serious."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the check found.")})
    request.verified_serious = serious
    return record_save(request, actor=actor, reason=reason)
