"""Recording a follow-up visit, and what follows from it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.health.models import (
    ArchiveCondition,
    ArchiveStatus,
    FollowUpPlan,
    FollowUpRule,
    HealthArchive,
    Outcome,
    PlanKind,
    Visit,
)
from sanjian.health.services.plans import plans_cancel, plans_fulfil
from sanjian.lib.records import Actor, record_save

#: Days to the next follow-up after a change when no rule says otherwise (the national rule).
URGENT_DAYS = 14


def urgent_days(archive: HealthArchive) -> int:
    """The fewest days any rule of the archive's conditions allows after a change."""
    conditions = ArchiveCondition.objects.filter(archive=archive).values("condition_id")
    days = FollowUpRule.objects.filter(is_active=True, condition_id__in=conditions).values_list(
        "urgent_days", flat=True
    )
    return min(days, default=URGENT_DAYS)


@transaction.atomic
def visit_record(*, archive: HealthArchive, actor: Actor, doctor: Any = None, **fields: Any) -> Visit:
    """Record a follow-up of ``archive`` by ``doctor`` (the actor by default).

    The visit fulfils the archive's open plans whose period has begun. A changed medication or a
    referral brings the next follow-up within the rule's days (14): an empty next date is set to
    the last of them, a later one is refused; a plan is made for it. The outcome moves the archive:
    temporarily lost, back under management, or ended (its open plans cancelled).
    """
    if archive.status == ArchiveStatus.ENDED:
        raise ValidationError(_("Management of this archive has ended: take it back under management first."))
    visit = Visit(community=archive.community, archive=archive, doctor=doctor or actor, **fields)
    visit.full_clean()
    urgent = (visit.medication_changed or visit.referral) and visit.outcome != Outcome.ENDED
    if urgent:
        days = urgent_days(archive)
        limit = visit.date + datetime.timedelta(days=days)
        if visit.next_date is None:
            visit.next_date = limit
        elif visit.next_date > limit:
            raise ValidationError(
                {
                    "next_date": _(
                        "After a change of medication or a referral the next follow-up is due within "
                        "%(days)s days: by %(date)s at the latest."
                    )
                    % {"days": days, "date": limit.isoformat()}
                }
            )
    record_save(visit, actor=actor)
    plans_fulfil(visit=visit, actor=actor)
    if urgent:
        _plan_urgent(visit, actor=actor)
    _archive_follows(visit, actor=actor)
    return visit


def _plan_urgent(visit: Visit, *, actor: Actor) -> None:
    reason = _("Follow-up after a change, set by the visit of %(date)s") % {"date": visit.date}
    start = min(visit.date + datetime.timedelta(days=1), visit.next_date)
    have = set(
        FollowUpPlan.objects.filter(
            archive=visit.archive, kind=PlanKind.URGENT, due_date=visit.next_date
        ).values_list("condition_id", flat=True)
    )
    for diagnosis in ArchiveCondition.objects.filter(archive=visit.archive):
        if diagnosis.condition_id in have:
            continue
        plan = FollowUpPlan(
            community=visit.community,
            archive=visit.archive,
            condition_id=diagnosis.condition_id,
            kind=PlanKind.URGENT,
            period_start=start,
            due_date=visit.next_date,
            doctor_id=visit.archive.doctor_id,
        )
        record_save(plan, actor=actor, reason=reason)


def _archive_follows(visit: Visit, *, actor: Actor) -> None:
    archive = visit.archive
    reason = _("Follow-up of %(date)s") % {"date": visit.date}
    changed = False
    if visit.medication_changed and visit.medications.strip() != archive.medications.strip():
        archive.medications, changed = visit.medications.strip(), True
    if visit.outcome == Outcome.ENDED:
        archive.status, archive.end_reason, changed = ArchiveStatus.ENDED, visit.end_reason, True
        plans_cancel(plans=FollowUpPlan.objects.filter(archive=archive), actor=actor, reason=visit.end_reason)
    elif visit.outcome == Outcome.LOST and archive.status != ArchiveStatus.LOST:
        archive.status, changed = ArchiveStatus.LOST, True
    elif visit.outcome == Outcome.CONTINUE and archive.status == ArchiveStatus.LOST:
        archive.status, changed = ArchiveStatus.MANAGED, True
    if changed:
        record_save(archive, actor=actor, reason=reason)
