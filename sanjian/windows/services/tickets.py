"""The rectification ticket's steps, and appeals against the rating behind it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, record_save
from sanjian.windows.models import (
    Appeal,
    AppealStatus,
    CallbackResult,
    Rating,
    Ticket,
    TicketStatus,
)
from sanjian.windows.rollups import rollup_remove


def _locked(ticket: Ticket, *allowed: str) -> Ticket:
    """The ticket re-read under a row lock, or a refusal when its status does not allow the step."""
    fresh = Ticket.objects.select_for_update().select_related("rating").get(pk=ticket.pk)
    if fresh.status not in allowed:
        raise ValidationError(
            _("This ticket is %(status)s: the step is no longer possible.")
            % {"status": fresh.get_status_display()}
        )
    return fresh


@transaction.atomic
def ticket_rectify(*, ticket: Ticket, rectification: str, actor: Actor) -> Ticket:
    ticket = _locked(ticket, TicketStatus.OPEN)
    if not rectification.strip():
        raise ValidationError({"rectification": _("Describe what was done.")})
    ticket.rectification = rectification.strip()
    ticket.rectified_on, ticket.rectified_by = timezone.localdate(), actor
    ticket.status = TicketStatus.RECTIFIED
    return record_save(ticket, actor=actor)


@transaction.atomic
def ticket_call_back(*, ticket: Ticket, result: str, note: str = "", actor: Actor) -> Ticket:
    """回访: the resident's view of the rectification (or that nobody could be reached)."""
    ticket = _locked(ticket, TicketStatus.RECTIFIED)
    if result not in CallbackResult.values:
        raise ValidationError({"callback_result": _("Choose the resident's satisfaction.")})
    ticket.callback_result, ticket.callback_note = result, note.strip()
    ticket.called_back_by, ticket.status = actor, TicketStatus.CALLED_BACK
    return record_save(ticket, actor=actor)


@transaction.atomic
def ticket_close(*, ticket: Ticket, note: str = "", actor: Actor) -> Ticket:
    """Close a called-back ticket. The resident's phone number has served its purpose: erased."""
    ticket = _locked(ticket, TicketStatus.CALLED_BACK)
    ticket.close_note, ticket.closed_by, ticket.status = note.strip(), actor, TicketStatus.CLOSED
    _erase_phone(ticket.rating)
    return record_save(ticket, actor=actor)


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, note: str, actor: Actor) -> Ticket:
    """The resident is still dissatisfied: back to open, with the original deadline."""
    ticket = _locked(ticket, TicketStatus.CALLED_BACK)
    if not note.strip():
        raise ValidationError({"note": _("Say why the ticket is reopened.")})
    ticket.status, ticket.close_note = TicketStatus.OPEN, note.strip()
    ticket.rectified_on = ticket.rectified_by = None
    return record_save(ticket, actor=actor)


def _erase_phone(rating: Rating) -> None:
    if rating.phone:
        Rating.objects.filter(pk=rating.pk).update(phone="")
        rating.phone = ""


@transaction.atomic
def appeal_file(*, ticket: Ticket, ground: str, statement: str, actor: Actor) -> Appeal:
    """申诉 against a malicious or mistaken rating; the ticket waits for the decision."""
    ticket = _locked(ticket, TicketStatus.OPEN, TicketStatus.RECTIFIED)
    if Appeal.objects.filter(ticket=ticket).exists():
        raise ValidationError(_("This rating has already been appealed against."))
    appeal = Appeal(community=ticket.community, ticket=ticket, ground=ground, statement=statement.strip())
    appeal.filed_by = actor
    record_save(appeal, actor=actor)
    ticket.status = TicketStatus.APPEALED
    record_save(ticket, actor=actor)
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, upheld: bool, note: str, actor: Actor) -> Appeal:
    """The supervising unit's decision. Upheld: the rating leaves every score (its rollup is
    decremented in this transaction) and the ticket is withdrawn. Rejected: the ticket resumes."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(_("This appeal has already been decided."))
    if actor is not None and appeal.filed_by_id == actor.pk:
        raise ValidationError(_("Whoever filed an appeal cannot decide it."))
    if not note.strip():
        raise ValidationError({"decision_note": _("Give the reasons for the decision.")})
    ticket = _locked(appeal.ticket, TicketStatus.APPEALED)
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decision_note, appeal.decided_by, appeal.decided_at = note.strip(), actor, timezone.now()
    record_save(appeal, actor=actor)
    if upheld:
        rating = ticket.rating
        Rating.objects.filter(pk=rating.pk).update(excluded=True)
        rating.excluded = True
        rollup_remove(rating)
        _erase_phone(rating)
        ticket.status = TicketStatus.WITHDRAWN
    else:
        ticket.status = TicketStatus.RECTIFIED if ticket.rectified_on else TicketStatus.OPEN
    record_save(ticket, actor=actor)
    return appeal
