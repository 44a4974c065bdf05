"""The indicator library, the templates per unit kind and the community's assessment policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.assessment import scoring
from sanjian.assessment.models import Indicator, Policy, Template, TemplateItem
from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.tenancy.models import Community


@transaction.atomic
def indicator_save(*, community: Community, indicator: Indicator, actor: Actor) -> Indicator:
    indicator.community = community
    return record_save(indicator, actor=actor)


@transaction.atomic
def policy_save(*, community: Community, policy: Policy, actor: Actor) -> Policy:
    policy.community = community
    return record_save(policy, actor=actor)


@dataclass
class TemplateRow:
    indicator: Indicator
    weight: Decimal
    target: Decimal | None = None
    item: TemplateItem | None = None
    delete: bool = False


@transaction.atomic
def template_save(
    *, community: Community, template: Template, rows: Sequence[TemplateRow], actor: Actor
) -> Template:
    """Save a template and its indicators; the weights must add up to 100 (or the template be empty)."""
    kept = [r for r in rows if not r.delete]
    total = sum((r.weight for r in kept), Decimal(0))
    if kept and total != 100:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": scoring.plain(total)}
        )
    ids = [r.indicator.pk for r in kept]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("An indicator appears twice in the template."))
    template.community = community
    record_save(template, actor=actor)
    for order, row in enumerate(rows):
        if row.delete:
            if row.item is not None:
                record_delete(row.item, actor=actor)
            continue
        item = row.item or TemplateItem(community=community, template=template)
        if item.pk and (item.indicator_id, item.weight, item.target, item.sort_order) == (
            row.indicator.pk,
            row.weight,
            row.target,
            order,
        ):
            continue
        item.indicator, item.weight, item.target, item.sort_order = (
            row.indicator,
            row.weight,
            row.target,
            order,
        )
        record_save(item, actor=actor)
    return template
