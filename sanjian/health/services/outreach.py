"""Outreach events (白衣天使进社区) and the people with archives they served."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.health.models import HealthArchive, OutreachEvent, OutreachServed
from sanjian.lib.records import Actor, record_delete, record_save


@transaction.atomic
def outreach_save(
    *, event: OutreachEvent, actor: Actor, served: Iterable[HealthArchive] | None = None
) -> OutreachEvent:
    """Save an event; ``served`` (when given) is the full list of people with an archive it
    served. The count of people served is at least that many."""
    archives = None if served is None else {a.pk: a for a in served}
    if archives is not None and any(a.community_id != event.community_id for a in archives.values()):
        raise ValidationError({"served": _("An archive of another community cannot be linked.")})
    linked = len(archives) if archives is not None else _linked(event)
    if event.people_served < linked:
        raise ValidationError(
            {
                "people_served": _("At least the %(n)s people linked to their archives were served.")
                % {"n": linked}
            }
        )
    if event.organiser_id is None and actor is not None and actor.is_authenticated:
        event.organiser = actor
    record_save(event, actor=actor)
    if archives is not None:
        have = {s.archive_id: s for s in OutreachServed.objects.filter(event=event)}
        for pk, archive in archives.items():
            if pk not in have:
                record_save(
                    OutreachServed(community=event.community, event=event, archive=archive), actor=actor
                )
        for pk, link in have.items():
            if pk not in archives:
                record_delete(link, actor=actor)
    return event


def _linked(event: OutreachEvent) -> int:
    return OutreachServed.objects.filter(event=event).count() if event.pk else 0
