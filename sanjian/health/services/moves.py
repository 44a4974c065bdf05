"""A person's archive follows the person to another community (``lib.registries.person_moved``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanjian.health.models import (
    ArchiveCondition,
    Condition,
    FollowUpPlan,
    HealthArchive,
    OutreachServed,
    PlanStatus,
    Visit,
)
from sanjian.health.services.archives import next_number
from sanjian.health.services.conditions import conditions_ensure
from sanjian.lib.records import Actor, record_save
from sanjian.tenancy.models import Community
from sanjian.tenancy.services import rows_move


def _condition_in(target: Community, condition: Condition, *, actor: Actor) -> Condition:
    """The receiving community's condition of the same code; a condition it lacks is added."""
    found = Condition._base_manager.filter(community=target, code=condition.code).first()
    if found is None:
        name = condition.name
        if Condition._base_manager.filter(community=target, name=name).exists():
            name = f"{name} ({condition.code})"
        found = record_save(
            Condition(community=target, code=condition.code, name=name, sort_order=condition.sort_order),
            actor=actor,
        )
    return found


def archive_follows_person(
    *, person: Any, source: Community, target: Community, actor: Actor, reason: str
) -> None:
    """Move the person's archive, its conditions, plans and visits, with their history and the
    log of who read the archive. The conditions become the receiving community's of the same
    code; the responsible doctor (of the old community) is cleared from the archive and its open
    plans; a number taken in the receiving community is replaced by its next free one. The
    old community's outreach events keep their count of people served but lose the link."""
    conditions_ensure(community=target, actor=actor)
    for archive in HealthArchive._base_manager.filter(person=person, community=source):
        diagnoses = list(ArchiveCondition._base_manager.filter(archive=archive))
        plans = list(FollowUpPlan._base_manager.filter(archive=archive))
        OutreachServed._base_manager.filter(archive=archive).delete()
        rows_move(HealthArchive, [archive.pk], to=target)
        rows_move(ArchiveCondition, [d.pk for d in diagnoses], to=target)
        rows_move(FollowUpPlan, [p.pk for p in plans], to=target)
        rows_move(Visit, Visit._base_manager.filter(archive=archive).values_list("pk", flat=True), to=target)
        mapping = {
            c.pk: _condition_in(target, c, actor=actor)
            for c in Condition._base_manager.filter(
                pk__in={d.condition_id for d in diagnoses} | {p.condition_id for p in plans}
            )
        }
        for condition_id, condition in mapping.items():
            ArchiveCondition._base_manager.filter(archive=archive, condition_id=condition_id).update(
                condition=condition
            )
            FollowUpPlan._base_manager.filter(archive=archive, condition_id=condition_id).update(
                condition=condition
            )
        FollowUpPlan._base_manager.filter(archive=archive, status=PlanStatus.OPEN).update(doctor=None)
        archive.refresh_from_db()
        archive.doctor = None
        if (
            HealthArchive._base_manager.filter(community=target, number=archive.number)
            .exclude(pk=archive.pk)
            .exists()
        ):
            archive.number = next_number(target)
        record_save(archive, actor=actor, reason=reason or _("Moved with the person"))
