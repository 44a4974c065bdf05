"""The hall's public board (公示栏): the community's rankings and titles for a TV, with no
personal data beyond the names of the members it honours. Read through the apps' selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from sanjian.dedication import selectors as dedication
from sanjian.lib.dates import Month
from sanjian.reports import figures, honours
from sanjian.tenancy.models import Community
from sanjian.windows import selectors as windows


@dataclass
class Slide:
    key: str
    title: str
    rows: list[list[str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (value, label)


def slides(community: Community, *, today: datetime.date | None = None) -> list[Slide]:
    """The board's panels, each left out when it has nothing to show."""
    today = today or timezone.localdate()
    last_month = Month.of(today).previous()
    year_start = datetime.date(today.year, 1, 1)
    result: list[Slide] = []
    numbers = figures.collect(community, year_start, today, only=("windows", "dedication", "service"))
    with scope(community=community.pk):
        ranking = [s for s in windows.month_ranking(last_month) if s.rank is not None][:10]
        titles = list(windows.benchmark_titles(year_start, today))
        board = dedication.leaderboard(last_month.start, limit=10)
        register = [e for e in honours.register(community, year_start, today) if e.source != "windows"]
    overview = [
        (figures.written(key, numbers.get(address)), label)
        for address, key, label in (
            ("windows.windows", "windows", _("benchmark service windows")),
            ("windows.satisfaction", "satisfaction", _("satisfaction this year")),
            ("dedication.hours", "hours", _("volunteer hours this year")),
            ("service.flags_won", "flags_won", _("red flags won this year")),
        )
        if numbers.get(address) is not None
    ]
    if overview:
        result.append(
            Slide(
                "overview",
                _("%(community)s in %(year)s") % {"community": community.name, "year": today.year},
                figures=overview,
            )
        )
    if ranking:
        result.append(
            Slide(
                "ranking",
                _("Window ranking, %(month)s") % {"month": f"{last_month.year}-{last_month.month:02d}"},
                [
                    [
                        str(s.rank),
                        s.window.name,
                        figures.written("satisfaction", s.satisfaction_share),
                        figures.written("average_score", s.combined),
                    ]
                    for s in ranking
                ],
                [_("Rank"), _("Window"), _("Satisfaction"), _("Score")],
            )
        )
    if titles:
        result.append(
            Slide(
                "benchmarks",
                _("Benchmark windows %(year)s") % {"year": today.year},
                [[t.window.name] for t in titles],
            )
        )
    if board["people"]:
        result.append(
            Slide(
                "volunteers",
                _("Volunteer leaderboard, %(month)s")
                % {"month": f"{last_month.year}-{last_month.month:02d}"},
                [[str(r.rank), r.name, figures.written("hours", r.hours)] for r in board["people"]],
                [_("Rank"), _("Name"), _("Hours")],
            )
        )
    if register:
        result.append(
            Slide(
                "honours",
                _("Honours %(year)s") % {"year": today.year},
                [[e.title, e.holder, e.awarding_body] for e in register],
                [_("Title"), _("Holder"), _("Awarding body")],
            )
        )
    return result


def context(community: Community) -> dict[str, Any]:
    return {"slides": slides(community), "updated": timezone.localtime()}
