"""Residents' ratings: checked, counted in the rollup, and a ticket opened for a bad one."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib import ratings
from sanjian.lib.limits import Limit
from sanjian.lib.records import Actor, record_save
from sanjian.lib.workdays import add_workdays
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.windows.models import (
    BAD_LEVELS,
    Level,
    Rating,
    Reason,
    Source,
    Ticket,
)
from sanjian.windows.rollups import rating_insert
from sanjian.windows.selectors import policy_for

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def rating_clean(*, level: Any, reason: str = "", comment: str = "", phone: str = "") -> dict[str, Any]:
    """The rating's fields checked and tidied, or a ValidationError naming each bad field.

    A good rating keeps no reason, comment or phone: those belong to the bottom two levels.
    """
    errors: dict[str, str] = {}
    level = Level(ratings.clean_level(level))  # the stars, checked as every rating without an account
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
