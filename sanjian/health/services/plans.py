"""Follow-up plans made from the rules, and the visits that fulfil them.

A rule of ``n`` follow-ups a year splits the year into ``n`` equal runs of months; each run is
one plan, due on its last day (four a year: 31 March, 30 June, 30 September, 31 December). A
yearly check is one plan due on 31 December. Periods that ended before the archive's condition
was followed up make no plan, so that a new archive does not start out overdue.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.health.models import (
    ArchiveCondition,
    ArchiveStatus,
    FollowUpPlan,
    FollowUpRule,
    HealthArchive,
    PlanKind,
    PlanStatus,
    Visit,
)
from sanjian.lib.dates import Month
from sanjian.lib.records import Actor, record_save
from sanjian.members.bulk import history_bulk_insert
from sanjian.tenancy.models import Community


def periods(rule: FollowUpRule, year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The rule's follow-up periods of ``year``, first and last day of each."""
    step = rule.months_per_visit
    return [(Month(year, first).start, Month(year, first + step - 1).end) for first in range(1, 13, step)]


def plans_due(
    diagnosis: ArchiveCondition, rule: FollowUpRule, year: int, *, doctor_id: int | None
) -> list[FollowUpPlan]:
    """The plans (unsaved) the rule makes for one condition of an archive in ``year``."""
    since = diagnosis.followed_since
    spans = [(PlanKind.VISIT, start, end) for start, end in periods(rule, year)]
    if rule.annual_check:
        spans.append((PlanKind.CHECK, datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    return [
        FollowUpPlan(
            community_id=diagnosis.community_id,
            archive_id=diagnosis.archive_id,
            condition_id=diagnosis.condition_id,
            kind=kind,
            period_start=max(start, since),
            due_date=end,
            doctor_id=doctor_id,
        )
        for kind, start, end in spans
        if end >= since
    ]


def _missing(archives: Iterable[HealthArchive], year: int) -> list[FollowUpPlan]:
    archives = {a.pk: a for a in archives if a.status != ArchiveStatus.ENDED}
    rules = {r.condition_id: r for r in FollowUpRule.objects.filter(is_active=True)}
    have = set(
        FollowUpPlan.objects.filter(archive_id__in=archives, due_date__year=year).values_list(
            "archive_id", "condition_id", "kind", "due_date"
        )
    )
    new = []
    for diagnosis in ArchiveCondition.objects.filter(archive_id__in=archives, condition_id__in=rules):
        archive = archives[diagnosis.archive_id]
        for plan in plans_due(diagnosis, rules[diagnosis.condition_id], year, doctor_id=archive.doctor_id):
            if (plan.archive_id, plan.condition_id, plan.kind, plan.due_date) not in have:
                new.append(plan)
    return new


@transaction.atomic
def plans_generate(*, archive: HealthArchive, year: int, actor: Actor) -> list[FollowUpPlan]:
    """Make the plans of ``year`` that the archive's rules call for and it does not have yet
    (running it twice makes nothing the second time)."""
    new = _missing([archive], year)
    reason = _("Planned from the follow-up rule")
    return [record_save(plan, actor=actor, reason=reason) for plan in new]


@transaction.atomic
def plans_generate_year(*, community: Community, year: int, actor: Actor) -> int:
    """Make the missing plans of ``year`` for every archive of the community in one go (the
    turn of the year, the demo): bulk-inserted, each with its history row."""
    new = _missing(HealthArchive.objects.filter(community=community), year)
    if new:
        FollowUpPlan.objects.bulk_create(new, batch_size=1000)
        if any(p.pk is None for p in new):  # databases that do not return ids from a bulk insert
            ids = {
                (p.archive_id, p.condition_id, p.kind, p.due_date): p.pk
                for p in FollowUpPlan.objects.filter(due_date__year=year)
            }
            for p in new:
                p.pk = ids[(p.archive_id, p.condition_id, p.kind, p.due_date)]
        history_bulk_insert(FollowUpPlan, new, user=actor, reason=_("Planned from the follow-up rule"))
    return len(new)


def plans_fulfil(*, visit: Visit, actor: Actor) -> list[FollowUpPlan]:
    """Mark done every open plan of the visit's archive whose period has begun by the visit's
    date (overdue ones are done late): regular follow-ups need a face-to-face visit where the
    rule says so, the yearly check a visit that includes it; a follow-up after a change may be
    made by phone. A visit that did not reach the person (lost) fulfils nothing."""
    if visit.outcome == "lost":
        return []
    rules = {r.condition_id: r for r in FollowUpRule.objects.filter(is_active=True)}
    done = []
    for plan in FollowUpPlan.objects.filter(
        archive=visit.archive, status=PlanStatus.OPEN, period_start__lte=visit.date
    ):
        rule = rules.get(plan.condition_id)
        face_to_face = visit.is_face_to_face or (rule is not None and not rule.face_to_face_only)
        if plan.kind == PlanKind.VISIT and not face_to_face:
            continue
        if plan.kind == PlanKind.CHECK and not (visit.annual_check and visit.is_face_to_face):
            continue
        plan.status, plan.visit, plan.done_on = PlanStatus.DONE, visit, visit.date
        done.append(
            record_save(
                plan, actor=actor, reason=_("Done by the follow-up of %(date)s") % {"date": visit.date}
            )
        )
    return done


def plans_cancel(*, plans: Iterable[FollowUpPlan], actor: Actor, reason: str) -> int:
    """Cancel open plans (management ended, a condition taken off the archive)."""
    count = 0
    for plan in plans:
        if plan.status == PlanStatus.OPEN:
            plan.status = PlanStatus.CANCELLED
            record_save(plan, actor=actor, reason=reason)
            count += 1
    return count


def plans_reassign(*, archive: HealthArchive, actor: Actor) -> None:
    """Open plans follow the archive's responsible doctor."""
    for plan in FollowUpPlan.objects.filter(archive=archive, status=PlanStatus.OPEN).exclude(
        doctor_id=archive.doctor_id
    ):
        plan.doctor_id = archive.doctor_id
        record_save(plan, actor=actor, reason=_("The responsible doctor changed"))
