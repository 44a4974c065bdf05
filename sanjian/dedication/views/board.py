"""The volunteer board: verified hours and benefit of a month and its year, the leaderboard,
hours per project and the members who reached a milestone."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.dedication import selectors
from sanjian.dedication.access import is_leader
from sanjian.dedication.models import Project, hours_of
from sanjian.lib.dates import Month
from sanjian.lib.excel import Column
from sanjian.lib.replica import replica_reads
from sanjian.lib.views import list_page
from sanjian.members.models import Person
from sanjian.tenancy.access import community_url, community_view


def _figures(start: datetime.date, end: datetime.date) -> dict:
    return {
        "hours": hours_of(selectors.community_minutes(start, end)),
        "cadre_hours": hours_of(selectors.cadre_minutes(start, end)),
        "benefit": selectors.benefit_total(start, end),
    }


def _per_project(start: datetime.date, end: datetime.date) -> list[tuple[Project, object]]:
    minutes = selectors.minutes_by("activity__project", start, end)
    minutes.pop(None, None)  # standalone activities belong to no project
    projects = Project.objects.in_bulk(list(minutes))
    rows = [(projects[pk], hours_of(m)) for pk, m in minutes.items() if pk in projects]
    return sorted(rows, key=lambda row: (-row[1], row[0].name))


def _milestone_holders() -> list[tuple[Person, object, list[int]]]:
    first = selectors.MILESTONES[0] * 60
    minutes = {pk: m for pk, m in selectors.minutes_by("person", None, None).items() if m >= first}
    people = Person.objects.in_bulk(list(minutes))
    rows = [(people[pk], hours_of(m), selectors.milestones_reached(m)) for pk, m in minutes.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0].name))


@community_view("dedication.view")
@replica_reads
def board(request: HttpRequest) -> HttpResponse:
    month = Month.parse(request.GET.get("month")).start
    month_start, month_end = Month.of(month).start, Month.of(month).end
    year_start, year_end = month.replace(month=1, day=1), month.replace(month=12, day=31)
    leader = is_leader(request)
    context = {
        "month": month,
        "previous": Month.of(month).previous().start,
        "next": month_end + datetime.timedelta(days=1),
        "is_current": month == timezone.localdate().replace(day=1),
        "this_month": _figures(month_start, month_end),
        "this_year": _figures(year_start, year_end),
        "board": selectors.leaderboard(month),
        "per_project": _per_project(year_start, year_end),
        "milestones": _milestone_holders(),
        "certificates_url": community_url(request, "dedication:certificates") if leader else None,
        "hours_export_url": community_url(request, "dedication:hours_export") if leader else None,
        "export_start": month_start,
        "export_end": month_end,
    }
    people, branches = _("Members of the month"), _("Branches of the month")
    return list_page(
        request,
        "dedication/board.html",
        context,
        title=_("Volunteer board"),
        columns=[
            Column(_("Leaderboard"), lambda r: r[0]),
            Column(_("Rank"), lambda r: r[1].rank),
            Column(_("Name"), lambda r: r[1].name),
            Column(_("Hours"), lambda r: r[1].hours),
            Column(_("Change from the month before"), lambda r: r[1].change),
        ],
        rows=[
            *((people, row) for row in context["board"]["people"]),
            *((branches, row) for row in context["board"]["branches"]),
        ],
        filename=f"{_('Volunteer board')}-{month:%Y-%m}.xlsx",
    )
