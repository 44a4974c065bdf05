"""After publication: appeals (申诉) within the window, and recorded adjustments of published results."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.assessment.models import Adjustment, Appeal, AppealStatus, Indicator, PeriodStatus, Result
from sanjian.assessment.selectors import period_locked
from sanjian.assessment.services.periods import period_finalise, rank_results
from sanjian.lib.records import Actor, record_save


@transaction.atomic
def appeal_file(
    *,
    result: Result,
    indicator: Indicator,
    reason: str,
    actor: Actor,
    evidence: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Appeal:
    """A unit contests one item of its published result, within the appeal window."""
    now = now or timezone.now()
    if not result.period.appeals_open(now):
        raise ValidationError(_("The appeal window of this period is closed."))
    if result.line(indicator.pk) is None:
        raise ValidationError(_("This item is not part of the result."))
    if Appeal.objects.filter(result=result, indicator=indicator, status=AppealStatus.PENDING).exists():
        raise ValidationError(_("An appeal on this item is already awaiting decision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the grounds of the appeal.")})
    appeal = Appeal(
        community=result.community,
        result=result,
        indicator=indicator,
        reason=reason.strip(),
        filed_by=actor,
        filed_at=now,
    )
    if evidence is not None:
        appeal.evidence = evidence
    return record_save(appeal, actor=actor)


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, upheld: bool, decision: str, actor: Actor, points: Decimal | None = None
) -> Appeal:
    """Record the decision; an upheld appeal is applied as an adjustment of ``points``."""
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(_("This appeal has already been decided."))
    if appeal.result.period.status != PeriodStatus.PUBLISHED:
        raise ValidationError(_("The period is final: nothing in it can change any more."))
    if not decision.strip():
        raise ValidationError({"decision": _("Give the reasons for the decision.")})
    if upheld and not points:
        raise ValidationError({"points": _("An upheld appeal changes the score: enter the points.")})
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decision, appeal.decided_by, appeal.decided_at = decision.strip(), actor, timezone.now()
    record_save(appeal, actor=actor)
    if upheld:
        _adjust(
            appeal.result,
            indicator=appeal.indicator,
            points=points,
            reason=appeal.decision,
            actor=actor,
            appeal=appeal,
        )
    period_finalise(period=appeal.result.period, actor=actor)
    return appeal


@transaction.atomic
def adjustment_make(
    *, result: Result, points: Decimal, reason: str, actor: Actor, indicator: Indicator | None = None
) -> Adjustment:
    """Correct a published result by a recorded adjustment (the published score never changes)."""
    period = result.period
    if period.status != PeriodStatus.PUBLISHED or period_locked(period):
        raise ValidationError(_("Only a published period that is not final yet can be adjusted."))
    if not points:
        raise ValidationError({"points": _("Enter the points, added or (negative) taken off.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is adjusted.")})
    if indicator is not None and result.line(indicator.pk) is None:
        raise ValidationError(_("This item is not part of the result."))
    return _adjust(result, indicator=indicator, points=points, reason=reason.strip(), actor=actor)


def _adjust(
    result: Result,
    *,
    indicator: Indicator | None,
    points: Decimal,
    reason: str,
    actor: Actor,
    appeal: Appeal | None = None,
) -> Adjustment:
    if result.total is None:
        raise ValidationError(_("A result without a score cannot be adjusted."))
    adjustment = record_save(
        Adjustment(
            community=result.community,
            result=result,
            indicator=indicator,
            appeal=appeal,
            points=points,
            reason=reason,
            made_by=actor,
            made_at=timezone.now(),
        ),
        actor=actor,
    )
    result.adjustment += points
    record_save(result, actor=actor, reason=reason)
    same_kind = list(Result.objects.filter(period=result.period, unit_kind=result.unit_kind).defer("lines"))
    for other in rank_results(same_kind):
        if other.pk == result.pk:
            result.rank = other.rank
        record_save(other, actor=actor)
    return adjustment
