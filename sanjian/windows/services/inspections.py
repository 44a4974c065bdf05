"""Inspections: start, deduct, veto, submit, correct."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib import scoring
from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.windows.models import (
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionLine,
    InspectionStatus,
    NotApplicable,
)
from sanjian.windows.selectors import standard_for


@transaction.atomic
def inspection_start(
    *,
    community: Community,
    window: Unit,
    inspected_on: datetime.date,
    note: str = "",
    actor: Actor,
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
        line = InspectionLine.of(
            inspection, criterion, sort_order=order, applicable=criterion.pk not in exempt
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
    actor: Actor,
) -> Deduction:
    _draft(line.inspection)
    _check_deduction(line, points, reason)
    deduction = Deduction(community=line.community, line=line, points=points, reason=reason.strip())
    deduction.created_by = actor
    if photo:
        deduction.photo = photo
    return record_save(deduction, actor=actor)


@transaction.atomic
def deduction_remove(*, deduction: Deduction, actor: Actor) -> None:
    _draft(deduction.line.inspection)
    record_delete(deduction, actor=actor)


def _check_veto(line: InspectionLine, triggered: bool, reason: str, field: str = "veto_reason") -> None:
    if not line.is_veto or not line.applicable:
        raise ValidationError(_("Only an applicable veto item can be triggered."))
    if triggered and not reason.strip():
        raise ValidationError({field: _("Say what triggered the veto, e.g. the verified complaint.")})


@transaction.atomic
def veto_set(*, line: InspectionLine, triggered: bool, reason: str = "", actor: Actor) -> InspectionLine:
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
def inspection_submit(*, inspection: Inspection, actor: Actor) -> Inspection:
    inspection = _draft(inspection)
    _store_score(inspection)
    inspection.status, inspection.submitted_at = InspectionStatus.SUBMITTED, timezone.now()
    return record_save(inspection, actor=actor)


@transaction.atomic
def inspection_delete(*, inspection: Inspection, actor: Actor) -> None:
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
    actor: Actor,
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
