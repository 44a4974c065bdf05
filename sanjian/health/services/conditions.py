"""The community's conditions and follow-up rules."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from sanjian.health.models import DEFAULT_CONDITIONS, Condition, FollowUpRule
from sanjian.lib.records import Actor, record_save
from sanjian.tenancy.models import Community


@transaction.atomic
def conditions_ensure(*, community: Community, actor: Actor) -> None:
    """Give ``community`` the default conditions and rules it does not have yet (by code), so
    that the first archive finds hypertension, diabetes and pneumoconiosis with the national
    minimum. A condition the medical lead renamed or retired is left as it is."""
    have = set(Condition.objects.filter(community=community).values_list("code", flat=True))
    missing = [d for d in DEFAULT_CONDITIONS if d.code not in have]
    if not missing:
        return
    with translation.override("zh-hans"):
        for default in missing:
            condition = record_save(
                Condition(
                    community=community,
                    code=default.code,
                    name=str(default.name),
                    sort_order=default.sort_order,
                ),
                actor=actor,
            )
            if default.visits_per_year is not None:
                rule = FollowUpRule(
                    community=community,
                    condition=condition,
                    visits_per_year=default.visits_per_year,
                    annual_check=default.annual_check,
                )
                record_save(rule, actor=actor)


def condition_save(*, condition: Condition, actor: Actor) -> Condition:
    """Add or change a condition of the community's list (the medical lead)."""
    return record_save(condition, actor=actor)


def rule_save(*, rule: FollowUpRule, actor: Actor) -> FollowUpRule:
    """Add or change a follow-up rule. Plans already made keep their dates; the next year's plans
    (and those of conditions added from now on) follow the new rule."""
    return record_save(rule, actor=actor)
