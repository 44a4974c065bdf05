"""Writes of the reports app: the secretary's edits of a work summary, the honours register."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.reports.models import Honour, Summary
from sanjian.reports.summary import TOKEN
from sanjian.tenancy.models import Community
from sanjian.tenancy.services import rows_move

#: The longest source a summary keeps (a summary of a year runs to some 5,000 characters).
MAX_TEXT = 50_000


@transaction.atomic
def summary_save(
    *, community: Community, start: datetime.date, end: datetime.date, text: str, actor: Actor
) -> Summary:
    """Keep ``text`` as the summary of the period (history keeps every earlier version)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("The summary cannot be empty: regenerate it instead.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The summary is too long.")})
    broken = _unclosed(text)
    if broken:
        raise ValidationError(
            {
                "text": _("A figure is written wrongly: %(what)s. Copy figures from the list.")
                % {"what": broken[0]}
            }
        )
    summary = Summary.objects.filter(start=start, end=end).first() or Summary(
        community=community, start=start, end=end
    )
    summary.community = community
    summary.text = text
    summary.edited_by = actor
    return record_save(summary, actor=actor, reason=_("edited"))


def _unclosed(text: str) -> list[str]:
    """Pieces that look like a bound figure and are not one (``[[dedication.hours`` without its end)."""
    rest = TOKEN.sub("", text)
    return [piece[:40] for piece in rest.split("[[")[1:]] + (
        ["]]"] if "]]" in rest and "[[" not in rest else []
    )


@transaction.atomic
def summary_reset(*, summary: Summary, actor: Actor) -> None:
    """Drop the edited text: the summary writes itself again (the history keeps what was there)."""
    record_delete(summary, actor=actor, reason=_("regenerated"))


@transaction.atomic
def honour_save(*, community: Community, honour: Honour, actor: Actor) -> Honour:
    """Enter or correct a title of the register; its holder must belong to ``community``."""
    honour.community = community
    for holder in (honour.unit, honour.person):
        if holder is not None and holder.community_id != community.pk:
            raise ValidationError(_("This record belongs to another community."))
    return record_save(honour, actor=actor)


@transaction.atomic
def honour_delete(*, honour: Honour, actor: Actor) -> None:
    record_delete(honour, actor=actor)


def honours_move(*, person: object, source: Community, target: Community, actor: Actor, reason: str) -> None:
    """A member's titles go with them to their new community (``registries.person_moved``)."""
    ids = Honour._base_manager.filter(person=person).values_list("pk", flat=True)
    rows_move(Honour, ids, to=target)
