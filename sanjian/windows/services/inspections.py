"""Writes of the windows app. Each takes the acting user, whom history records as the author.

Ratings and their tickets: ``rating_submit`` and the ticket flow. Inspections: start, deduct,
veto, submit, correct. Standards, exemptions, titles, the QR and board links, the settings.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib import memo
from sanjian.lib.limits import Limit
from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.lib.workdays import add_workdays
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.windows import scoring
from sanjian.windows.models import (
    BAD_LEVELS,
    Appeal,
    AppealStatus,
    BenchmarkTitle,
    CallbackResult,
    Criterion,
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionLine,
    InspectionStatus,
    Level,
    NotApplicable,
    Policy,
    Rating,
    Reason,
    Source,
    Standard,
    Ticket,
    TicketStatus,
    WindowProfile,
)
from sanjian.windows.rollups import rating_insert, rollup_remove
from sanjian.windows.tokens import forget_window

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


# --- Ratings and tickets --------------------------------------------------------------------


def rating_clean(*, level: Any, reason: str = "", comment: str = "", phone: str = "") -> dict[str, Any]:
    """The rating's fields checked and tidied, or a ValidationError naming each bad field.

    A good rating keeps no reason, comment or phone: those belong to the bottom two levels.
    """
    errors: dict[str, str] = {}
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": _("Choose one of the five levels.")}) from None
    comment, phone = (comment or "").strip(), re.sub(r"[\s]", "", phone or "")
    if level not in BAD_LEVELS:
        return {"level": level, "reason": "", "comment": "", "phone": ""}
    if reason not in Reason.values:
        errors["reason"] = _("Please choose what you were dissatisfied with.")
    if len(comment) > 500:
        errors["comment"] = _("Please keep the comment under 500 characters.")
    if phone and not PHONE.match(phone):
        errors["phone"] = _(
            "This is not a phone number: enter a mobile number or a landline with its area code."
        )
    if errors:
        raise ValidationError(errors)
    return {"level": level, "reason": reason, "comment": comment, "phone": phone}


def rating_submit(
    *,
    community: Community,
    window: Unit,
    level: Any,
    reason: str = "",
    comment: str = "",
    phone: str = "",
    source: str = Source.QR,
    actor: Actor = None,
    now: datetime.datetime | None = None,
    limit: Limit | None = None,
) -> Rating | None:
    """Record a resident's rating, count it in the window's daily rollup and, for the bottom two
    levels, open a rectification ticket: all or nothing.

    The caller has resolved ``window`` from a valid token (or checked the API caller's access)
    and applied the device limit; ``limit`` (the address limit) is counted with the rating
    itself, and over it nothing is written and the answer is None. ``actor`` is None for a
    resident (no account). A good rating is written by one statement on PostgreSQL (see
    ``rollups.rating_insert``), atomic by itself, and one transaction on SQLite; a bad one and
    its ticket share a transaction.
    """
    fields = rating_clean(level=level, reason=reason, comment=comment, phone=phone)
    if window.kind != UnitKind.WINDOW or window.community_id != community.pk:
        raise ValidationError(_("Only a service window of this community can be rated."))
    now = now or timezone.now()
    rating = Rating(
        community=community,
        window=window,
        created_at=now,
        day=timezone.localdate(now),
        source=source,
        **fields,
    )
    if not rating.is_bad:
        return rating_insert(rating, limit=limit)
    with transaction.atomic():
        if rating_insert(rating, limit=limit) is None:
            return None
        _ticket_open(rating, actor=actor)
    return rating


def policy_for(community: Community) -> Policy:
    """The community's settings, or the defaults (unsaved) when the secretary never set them.

    Read from this process's memo (``lib.memo``, dropped on every change of a policy): the
    public pages and every bad rating need it, and it changes a few times a year.
    """
    row = memo.remember(("windows.policy", community.pk), lambda: _policy_row(community))
    if row is None:
        return Policy(community=community)
    return memo.instance(Policy, row, community=community)


def _policy_row(community: Community) -> tuple | None:
    found = Policy.objects.filter(community=community).first()
    return None if found is None else memo.values(found)


def _ticket_open(rating: Rating, *, actor: Actor) -> Ticket:
    days = policy_for(rating.community).ticket_deadline_workdays
    ticket = Ticket(
        community=rating.community,
        rating=rating,
        window=rating.window,
        opened_on=rating.day,
        deadline=add_workdays(rating.day, days),
    )
    return record_save(ticket, actor=actor)


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


# --- Inspections ----------------------------------------------------------------------------


def standard_for(window: Unit) -> Standard | None:
    """The standard of the window's kind of network."""
    network_type = window.parent.network_type if window.parent_id else ""
    return Standard.objects.filter(network_type=network_type).first() if network_type else None


@transaction.atomic
def inspection_start(
    *,
    community: Community,
    window: Unit,
    inspected_on: datetime.date,
    note: str = "",
    actor: AbstractBaseUser,
) -> Inspection:
    """A draft inspection with one line per item of the window's standard, as it stands today."""
    if window.kind != UnitKind.WINDOW:
        raise ValidationError({"window": _("Only a service window is inspected.")})
    standard = standard_for(window)
    if standard is None:
        raise ValidationError(_("The window's service network has no standard yet: add one first."))
    criteria = list(standard.criteria.filter(is_active=True))
    if not criteria:
        raise ValidationError(_("The window's standard has no items yet."))
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("An inspection cannot be dated in the future.")})
    exempt = set(NotApplicable.objects.filter(window=window).values_list("criterion_id", flat=True))
    inspection = Inspection(
        community=community,
        window=window,
        standard=standard,
        inspector=actor,
        inspected_on=inspected_on,
        note=note,
    )
    record_save(inspection, actor=actor)
    for order, criterion in enumerate(criteria):
        line = InspectionLine(
            community=community,
            inspection=inspection,
            criterion=criterion,
            points=criterion.points,
            deduction_cap=criterion.deduction_cap,
            is_veto=criterion.is_veto,
            applicable=criterion.pk not in exempt,
            sort_order=order,
        )
        record_save(line, actor=actor)
    return inspection


def _draft(inspection: Inspection) -> Inspection:
    fresh = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if fresh.status != InspectionStatus.DRAFT:
        raise ValidationError(_("A submitted inspection is changed only by a recorded correction."))
    return fresh


def _check_deduction(line: InspectionLine, points: Decimal, reason: str, field: str = "reason") -> None:
    if not line.applicable:
        raise ValidationError(_("This item does not apply to the window."))
    if line.is_veto:
        raise ValidationError(_("A veto item takes no deductions: trigger the veto instead."))
    if points is None or points <= 0:
        raise ValidationError({"points": _("Enter the points to take off, more than zero.")})
    if points > line.points:
        raise ValidationError({"points": _("No deduction can exceed the item's points.")})
    if not reason.strip():
        raise ValidationError({field: _("Give the reason for the deduction.")})


@transaction.atomic
def deduction_add(
    *,
    line: InspectionLine,
    points: Decimal,
    reason: str,
    photo: UploadedFile | None = None,
    actor: AbstractBaseUser,
) -> Deduction:
    _draft(line.inspection)
    _check_deduction(line, points, reason)
    deduction = Deduction(community=line.community, line=line, points=points, reason=reason.strip())
    deduction.created_by = actor
    if photo:
        deduction.photo = photo
    return record_save(deduction, actor=actor)


@transaction.atomic
def deduction_remove(*, deduction: Deduction, actor: AbstractBaseUser) -> None:
    _draft(deduction.line.inspection)
    record_delete(deduction, actor=actor)


def _check_veto(line: InspectionLine, triggered: bool, reason: str, field: str = "veto_reason") -> None:
    if not line.is_veto or not line.applicable:
        raise ValidationError(_("Only an applicable veto item can be triggered."))
    if triggered and not reason.strip():
        raise ValidationError({field: _("Say what triggered the veto, e.g. the verified complaint.")})


@transaction.atomic
def veto_set(
    *, line: InspectionLine, triggered: bool, reason: str = "", actor: AbstractBaseUser
) -> InspectionLine:
    _draft(line.inspection)
    _check_veto(line, triggered, reason)
    line.veto_triggered, line.veto_reason = triggered, reason.strip() if triggered else ""
    return record_save(line, actor=actor)


def inspection_score(
    inspection: Inspection,
    *,
    extra: tuple[int, Decimal] | None = None,
    withdrawn: int | None = None,
    veto: tuple[int, bool] | None = None,
) -> scoring.Score:
    """The inspection's score from its lines and the deductions not withdrawn by a correction;
    ``extra`` (line id, points), ``withdrawn`` (deduction id) and ``veto`` (line id, triggered)
    give the score a correction would leave, before it is made."""
    lines = list(inspection.lines.all())
    points: dict[int, list[Decimal]] = {line.pk: [] for line in lines}
    active = Deduction.objects.filter(line__inspection=inspection, withdrawn_by=None)
    for pk, line_id, value in active.values_list("pk", "line_id", "points"):
        if pk != withdrawn:
            points[line_id].append(value)
    if extra is not None:
        points[extra[0]].append(extra[1])
    vetoes = {line.pk: line.veto_triggered for line in lines}
    if veto is not None:
        vetoes[veto[0]] = veto[1]
    return scoring.score(
        scoring.LineScore(
            line.points, line.deduction_cap, line.is_veto, line.applicable, vetoes[line.pk], points[line.pk]
        )
        for line in lines
    )


def _store_score(inspection: Inspection) -> None:
    result = inspection_score(inspection)
    inspection.points_applicable, inspection.points_earned = result.applicable, result.earned
    inspection.vetoed, inspection.score = result.vetoed, result.value


@transaction.atomic
def inspection_submit(*, inspection: Inspection, actor: AbstractBaseUser) -> Inspection:
    inspection = _draft(inspection)
    _store_score(inspection)
    inspection.status, inspection.submitted_at = InspectionStatus.SUBMITTED, timezone.now()
    return record_save(inspection, actor=actor)


@transaction.atomic
def inspection_delete(*, inspection: Inspection, actor: AbstractBaseUser) -> None:
    inspection = _draft(inspection)
    for deduction in Deduction.objects.filter(line__inspection=inspection):
        record_delete(deduction, actor=actor)
    for line in inspection.lines.all():
        record_delete(line, actor=actor)
    record_delete(inspection, actor=actor)


class Correction:
    """What a correction does: one of these actions, on one line or deduction."""

    ADD = "add"
    WITHDRAW = "withdraw"
    VETO = "veto"
    LIFT_VETO = "lift_veto"


@transaction.atomic
def inspection_correct(
    *,
    inspection: Inspection,
    reason: str,
    action: str,
    line: InspectionLine | None = None,
    deduction: Deduction | None = None,
    points: Decimal | None = None,
    detail: str = "",
    actor: AbstractBaseUser,
) -> InspectionCorrection:
    """Change a submitted inspection the only way allowed: a correction that records who, when,
    why, what, and the score before and after. Deductions are never deleted, only withdrawn."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != InspectionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted inspection is corrected; a draft is simply edited."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    detail = detail.strip()
    summary, after = _plan(inspection, action, line, deduction, points, detail)
    correction = InspectionCorrection(
        community=inspection.community,
        inspection=inspection,
        reason=reason.strip(),
        summary=summary,
        score_before=inspection.score,
        score_after=after.value,
    )
    correction.author = actor
    record_save(correction, actor=actor)
    if action == Correction.WITHDRAW:
        deduction.withdrawn_by = correction
        record_save(deduction, actor=actor)
    elif action == Correction.ADD:
        added = Deduction(community=inspection.community, line=line, points=points, reason=detail)
        added.created_by, added.added_by = actor, correction
        record_save(added, actor=actor)
    else:
        line.veto_triggered = action == Correction.VETO
        line.veto_reason = detail if line.veto_triggered else ""
        record_save(line, actor=actor)
    _store_score(inspection)
    record_save(inspection, actor=actor)
    return correction


def _plan(
    inspection: Inspection,
    action: str,
    line: InspectionLine | None,
    deduction: Deduction | None,
    points: Decimal | None,
    detail: str,
) -> tuple[str, scoring.Score]:
    """Check a correction and say what it changes and the score it leaves, before making it."""
    if action == Correction.WITHDRAW:
        if deduction is None or deduction.line.inspection_id != inspection.pk or deduction.withdrawn_by_id:
            raise ValidationError(
                {"deduction": _("Choose a deduction of this inspection that still counts.")}
            )
        summary = _("Withdrew the deduction of %(points)s on %(item)s: %(reason)s") % {
            "points": deduction.points,
            "item": deduction.line.criterion,
            "reason": deduction.reason,
        }
        return summary, inspection_score(inspection, withdrawn=deduction.pk)
    if line is None or line.inspection_id != inspection.pk:
        raise ValidationError({"line": _("Choose an item of this inspection.")})
    if action == Correction.ADD:
        _check_deduction(line, points, detail, "detail")
        summary = _("Deducted %(points)s on %(item)s: %(reason)s") % {
            "points": points,
            "item": line.criterion,
            "reason": detail,
        }
        return summary, inspection_score(inspection, extra=(line.pk, points))
    if action in (Correction.VETO, Correction.LIFT_VETO):
        triggered = action == Correction.VETO
        _check_veto(line, triggered, detail, "detail")
        if line.veto_triggered == triggered:
            raise ValidationError({"line": _("The veto of this item is already so.")})
        if triggered:
            summary = _("Triggered the veto of %(item)s: %(reason)s") % {
                "item": line.criterion,
                "reason": detail,
            }
        else:
            summary = _("Lifted the veto of %(item)s") % {"item": line.criterion}
        return summary, inspection_score(inspection, veto=(line.pk, triggered))
    raise ValidationError({"action": _("Choose what the correction does.")})


# --- Standards, exemptions, titles, links, settings ------------------------------------------


@transaction.atomic
def standard_save(*, community: Community, standard: Standard, actor: Actor) -> Standard:
    standard.community = community
    return record_save(standard, actor=actor)


@transaction.atomic
def criterion_save(*, community: Community, criterion: Criterion, actor: Actor) -> Criterion:
    criterion.community = community
    return record_save(criterion, actor=actor)


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor: Actor) -> None:
    """Delete an item never used in an inspection; a used one is taken out of use instead."""
    if InspectionLine.objects.filter(criterion=criterion).exists():
        raise ValidationError(
            _("This item has been used in inspections: take it out of use instead of deleting it.")
        )
    record_delete(criterion, actor=actor)


@transaction.atomic
def exemptions_set(
    *, community: Community, window: Unit, criteria: Iterable[Criterion], reason: str, actor: Actor
) -> None:
    """Make exactly ``criteria`` the items of the standard that do not apply to ``window``."""
    wanted = {c.pk: c for c in criteria}
    if wanted and not reason.strip():
        raise ValidationError({"reason": _("Say why these items do not apply to the window.")})
    current = {e.criterion_id: e for e in NotApplicable.objects.filter(window=window)}
    for criterion_id, exemption in current.items():
        if criterion_id not in wanted:
            record_delete(exemption, actor=actor)
    for criterion_id, criterion in wanted.items():
        if criterion_id not in current:
            exemption = NotApplicable(
                community=community, window=window, criterion=criterion, reason=reason.strip()
            )
            record_save(exemption, actor=actor)


@transaction.atomic
def qr_revoke(*, community: Community, window: Unit, actor: Actor) -> WindowProfile:
    """Replace the window's QR code: posters printed before stop working (e.g. a leaked one)."""
    profile = WindowProfile.objects.select_for_update().filter(window=window).first()
    if profile is None:
        profile = WindowProfile(community=community, window=window, qr_version=1)
    profile.qr_version += 1
    record_save(profile, actor=actor)
    transaction.on_commit(lambda: forget_window(window.pk))
    return profile


@transaction.atomic
def policy_save(*, community: Community, policy: Policy, actor: Actor) -> Policy:
    policy.community = community
    return record_save(policy, actor=actor)


@transaction.atomic
def board_link_revoke(*, community: Community, actor: Actor) -> Policy:
    """A new link for the TV board; the old one stops working."""
    policy = Policy.objects.select_for_update().filter(community=community).first() or Policy(
        community=community
    )
    policy.board_version += 1
    return record_save(policy, actor=actor)


@transaction.atomic
def benchmark_designate(
    *, community: Community, title: BenchmarkTitle, actor: AbstractBaseUser
) -> BenchmarkTitle:
    title.community, title.designated_by = community, actor
    if title.window_id and title.window.kind != UnitKind.WINDOW:
        raise ValidationError({"window": _("Only a service window can be a benchmark window.")})
    return record_save(title, actor=actor)


@transaction.atomic
def benchmark_revoke(*, title: BenchmarkTitle, actor: AbstractBaseUser) -> None:
    record_delete(title, actor=actor)
