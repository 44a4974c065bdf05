"""The spreadsheet of volunteer hours per member for a period (志愿服务时长统计表).

Verified hours are the figure; pending hours stand in their own column so that a reader sees
what is still waiting for verification, and they are never added to the verified ones. Every
active party member has a row, with zero hours if need be: a branch sees who has given none.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from sanjian.dedication.models import HourLog, LogStatus, hours_of
from sanjian.dedication.selectors import community_minutes, verified
from sanjian.lib.excel import write_sheet
from sanjian.members.models import PartyMember, Person
from sanjian.members.models.people import MEMBER_STATUSES


def hours_rows(start: datetime.date, end: datetime.date) -> list[list]:
    """One row per member: name, branch, verified hours, activities, pending hours; most hours first."""
    done = {
        row["person"]: row
        for row in verified(start, end)
        .values("person")
        .annotate(total=Sum("minutes"), activities=Count("activity", distinct=True))
        .order_by()
    }
    pending = {
        row["person"]: row["total"]
        for row in HourLog.objects.filter(status=LogStatus.PENDING, worked_on__gte=start, worked_on__lte=end)
        .values("person")
        .annotate(total=Sum("minutes"))
        .order_by()
    }
    members = PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).values_list(
        "person", flat=True
    )
    ids = set(done) | set(pending) | set(members)
    people = Person.objects.select_related("party__branch").in_bulk(ids)
    rows = []
    for pk, person in people.items():
        party = getattr(person, "party", None)
        branch = party.branch.name if party is not None and party.is_active and party.branch_id else ""
        row = done.get(pk, {})
        rows.append(
            [
                person.name,
                branch,
                hours_of(row.get("total")),
                row.get("activities", 0),
                hours_of(pending.get(pk)),
            ]
        )
    rows.sort(key=lambda r: (-r[2], r[1], r[0]))
    return rows


def _pending_minutes(start: datetime.date, end: datetime.date) -> int:
    logs = HourLog.objects.filter(status=LogStatus.PENDING, worked_on__gte=start, worked_on__lte=end)
    return logs.aggregate(total=Sum("minutes"))["total"] or 0


def hours_sheet(start: datetime.date, end: datetime.date) -> bytes:
    rows = hours_rows(start, end)
    headers = [
        _("Name"),
        _("Party branch"),
        _("Verified hours"),
        _("Activities"),
        _("Pending hours (not counted)"),
    ]
    total = [
        _("Total"),
        "",
        hours_of(community_minutes(start, end)),  # the minutes added, rounded once: as on the board
        "",
        hours_of(_pending_minutes(start, end)),
    ]
    return write_sheet(headers, [*rows, total], title=_("Volunteer hours"))
