"""The honours register (荣誉) as people read it: the titles entered by hand, and beside them the
titles awarded inside the platform, read from their apps (benchmark windows from ``windows``,
red flags from ``service`` once it is installed) so that nobody types them twice."""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django_scopes import scope

from sanjian.reports.models import Honour, HonourLevel
from sanjian.tenancy.models import Community
from sanjian.windows import selectors as windows


@dataclass(frozen=True)
class Entry:
    """A line of the register, entered or awarded inside the platform (``honour`` is None)."""

    title: str
    level: str
    level_label: str
    awarding_body: str
    awarded_on: datetime.date
    holder: str
    honour: Honour | None = None
    source: str = ""  # the app that awarded it, for a title awarded inside the platform

    @property
    def personal(self) -> bool:
        return self.honour is not None and self.honour.person_id is not None


def _holder(honour: Honour, community: Community) -> str:
    if honour.person_id:
        return honour.person.name
    if honour.unit_id:
        return honour.unit.name
    return community.name


def entered(start: datetime.date | None = None, end: datetime.date | None = None) -> list[Honour]:
    qs = Honour.objects.select_related("unit", "person")
    if start is not None:
        qs = qs.filter(awarded_on__gte=start)
    if end is not None:
        qs = qs.filter(awarded_on__lte=end)
    return list(qs)


def register(community: Community, start: datetime.date, end: datetime.date) -> list[Entry]:
    """Every title of the period, newest first. Call inside the community's scope."""
    levels = dict(HonourLevel.choices)
    rows = [
        Entry(h.title, h.level, str(levels[h.level]), h.awarding_body, h.awarded_on, _holder(h, community), h)
        for h in entered(start, end)
    ]
    for title in windows.benchmark_titles(start, end):
        rows.append(
            Entry(
                _("Benchmark service window %(year)s") % {"year": title.year},
                HonourLevel.COMMUNITY,
                str(levels[HonourLevel.COMMUNITY]),
                community.general_branch_name or community.name,
                title.designated_at.date() if title.designated_at else datetime.date(title.year, 1, 1),
                title.window.name,
                source="windows",
            )
        )
    for award in _flag_awards(community, start, end):
        rows.append(award)
    return sorted(rows, key=lambda e: (e.awarded_on, e.title), reverse=True)


def _value(award: Any, name: str) -> Any:
    return award.get(name) if isinstance(award, dict) else getattr(award, name, None)


def _flag_awards(community: Community, start: datetime.date, end: datetime.date) -> list[Entry]:
    """The red flags won, read from ``service`` when it is installed."""
    if not apps.is_installed("sanjian.service"):
        return []
    module = importlib.import_module("sanjian.service.selectors")
    if not hasattr(module, "flag_awards"):
        return []
    company = community.company.committee_name or community.company.name
    rows = []
    for award in module.flag_awards(community, start, end):
        month = _value(award, "month")
        day = month if isinstance(month, datetime.date) else getattr(month, "start", None) or end
        rows.append(
            Entry(
                str(
                    _value(award, "competition_name") or _value(award, "competition") or _("Mobile red flag")
                ),
                HonourLevel.COMPANY,
                str(dict(HonourLevel.choices)[HonourLevel.COMPANY]),
                company,
                day,
                str(_value(award, "unit_name") or _value(award, "unit") or community.name),
                source="service",
            )
        )
    return rows


def headline(community: Community, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The titles entered in the register for the period (the summary's "civilised community"
    point): their names, highest level first, and how many."""
    with scope(community=community.pk):
        honours = entered(start, end)
    if not honours:
        return {}
    order = {level: n for n, level in enumerate(reversed(HonourLevel.values))}
    honours.sort(key=lambda h: (order[h.level], h.awarded_on))
    return {"titles": [h.title for h in honours], "count": len(honours)}
