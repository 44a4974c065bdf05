"""The dashboard: the headline figures of each platform for a period, with their change from the
period before, and charts whose every element leads to the records it counts.

Everything is read through the apps' ``selectors`` (``figures.collect`` for the headlines, a few
grouped monthly series for the charts): a fixed number of grouped queries whatever the volume,
reading the windows' daily rollups rather than the ratings.

Those figures and charts (``snapshot``) are kept in Django's cache (Redis with ``REDIS_URL``,
else each process's local memory) per community, period and language for at most
``REPORTS_DASHBOARD_SECONDS``; a write request to the community drops them
(``reports.middleware``). The panels below them are computed on every request: they depend on
the user (their reach) and are cheap next to the figures.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from time import time_ns
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_scopes import scope

from sanjian.dedication import selectors as dedication
from sanjian.lib.dates import Month, months_between
from sanjian.lib.registries import permissions
from sanjian.reports.figures import Figures, collect, headline, installed_apps, written
from sanjian.tenancy.models import Community
from sanjian.windows import selectors as windows


@dataclass(frozen=True)
class TileSpec:
    platform: str
    address: str
    label: Any
    url_name: str = ""
    query: dict[str, str] = field(default_factory=dict)
    perm: str = ""  # shown only to users holding it (health figures to medical roles)
    lower_is_better: bool = False


#: The headline figures, platform by platform (the report's three platforms and the organisation).
TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "organisation", "org.branches_meeting", gettext_lazy("Branches meeting the standard"), "org:standards"
    ),
    TileSpec("organisation", "members.party_members", gettext_lazy("Party members"), "members:people"),
    TileSpec("organisation", "members.meetings", gettext_lazy("Branch meetings held"), "members:meetings"),
    TileSpec("assessment", "assessment.periods", gettext_lazy("Assessments published"), "assessment:periods"),
    TileSpec("assessment", "assessment.average_score", gettext_lazy("Average score"), "assessment:periods"),
    TileSpec(
        "assessment",
        "assessment.alerts",
        gettext_lazy("Early warnings"),
        "assessment:warnings",
        lower_is_better=True,
    ),
    TileSpec("excellence", "windows.satisfaction", gettext_lazy("Satisfaction"), "windows:ranking"),
    TileSpec("excellence", "windows.ratings", gettext_lazy("Residents' ratings"), "windows:ranking"),
    TileSpec(
        "excellence",
        "windows.tickets_overdue",
        gettext_lazy("Tickets overdue"),
        "windows:tickets",
        {"overdue": "1"},
        lower_is_better=True,
    ),
    TileSpec(
        "excellence", "windows.benchmark_titles", gettext_lazy("Benchmark windows"), "windows:benchmarks"
    ),
    TileSpec("excellence", "dedication.hours", gettext_lazy("Verified volunteer hours"), "dedication:board"),
    TileSpec(
        "excellence", "dedication.benefit", gettext_lazy("Direct benefit (yuan)"), "dedication:projects"
    ),
    TileSpec(
        "excellence",
        "dedication.dedication_projects",
        gettext_lazy("Dedication projects"),
        "dedication:projects",
    ),
    TileSpec("service", "service.flags_won", gettext_lazy("Red flags won")),
    TileSpec("service", "service.inspections", gettext_lazy("Service inspections")),
    TileSpec("service", "health.archives", gettext_lazy("Health archives"), perm="health.stats"),
    TileSpec("service", "health.on_time_rate", gettext_lazy("Follow-ups on time"), perm="health.stats"),
    TileSpec(
        "service",
        "health.overdue",
        gettext_lazy("Follow-ups overdue"),
        perm="health.stats",
        lower_is_better=True,
    ),
)

PLATFORMS = {
    "organisation": gettext_lazy("Organisation and members"),
    "assessment": gettext_lazy("Target assessment"),
    "excellence": gettext_lazy("Competing for excellence"),
    "service": gettext_lazy("Civilised service"),
}


@dataclass
class Tile:
    spec: TileSpec
    value: str
    previous: str
    change: str  # "+12.5%", "−3", ""
    direction: str  # "better", "worse", "same" or ""
    url: str


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    labels: list[str]
    series: list[dict[str, Any]]
    urls: list[str]  # where a click on each label's element leads
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def linked_rows(self) -> list[tuple[str, list[str]]]:
        """The table of the chart, each row with the address its element leads to."""
        return list(zip(self.urls, self.rows, strict=False))

    @property
    def data(self) -> dict[str, Any]:
        return {"labels": self.labels, "series": self.series, "urls": self.urls}


def previous_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of the same number of months just before ``start``..``end``."""
    months = len(list(months_between(Month.of(start), Month.of(end))))
    first = Month.of(start).plus(-months)
    return first.start, Month.of(start).previous().end


def _url(community: Community, name: str, query: dict[str, str] | None = None) -> str:
    if not name:
        return ""
    try:
        url = reverse(name, args=[community.slug])
    except NoReverseMatch:
        return ""
    return url + ("?" + urlencode(query) if query else "")


def _window_url(community: Community, pk: int) -> str:
    try:
        return reverse("windows:window", args=[community.slug, pk])
    except NoReverseMatch:
        return ""


def _change(spec: TileSpec, now: Any, before: Any) -> tuple[str, str]:
    if not isinstance(now, (int, float, Decimal)) or not isinstance(before, (int, float, Decimal)):
        return "", ""
    delta = Decimal(str(now)) - Decimal(str(before))
    if delta == 0:
        return "±0", "same"
    key = spec.address.partition(".")[2]
    text = (
        written(key, abs(delta))
        if key not in ("satisfaction", "on_time_rate", "standard_share")
        else (written("average_score", abs(delta) * 100) + _(" points"))
    )
    sign = "+" if delta > 0 else "−"
    better = (delta > 0) != spec.lower_is_better
    return sign + text, "better" if better else "worse"


def tiles(figures: Figures, *, can: Callable[[str], bool]) -> dict[str, list[Tile]]:
    """The tiles with something to say, grouped by platform, in order."""
    grouped: dict[str, list[Tile]] = {key: [] for key in PLATFORMS}
    for spec in TILES:
        if spec.perm and not (spec.perm in permissions and can(spec.perm)):
            continue
        value = figures.get(spec.address)
        if value is None:
            continue
        key = spec.address.partition(".")[2]
        previous = figures.get_previous(spec.address)
        change, direction = _change(spec, value, previous)
        grouped[spec.platform].append(
            Tile(
                spec,
                written(key, value),
                written(key, previous),
                change,
                direction,
                _url(figures.community, spec.url_name, spec.query),
            )
        )
    return {key: rows for key, rows in grouped.items() if rows}


def charts(community: Community, start: datetime.date, end: datetime.date) -> list[Chart]:
    """The trends of satisfaction and volunteer hours month by month, and the window ranking of
    the period's last month; each element leads to its records."""
    months = list(months_between(Month.of(start), Month.of(end)))
    labels = [f"{m.year}-{m.month:02d}" for m in months]
    with scope(community=community.pk):
        rating_months = windows.monthly_ratings(start, end)
        hour_months = dedication.monthly_minutes(start, end)
        ranking = [s for s in windows.month_ranking(months[-1]) if s.rank is not None][:10]
    result = []
    satisfaction = [rating_months.get(m, (0, None))[1] for m in months]
    counts = [rating_months.get(m, (0, None))[0] for m in months]
    if any(counts):
        result.append(
            Chart(
                "satisfaction",
                _("Satisfaction by month"),
                "line",
                labels,
                [
                    {
                        "name": _("Satisfaction (%)"),
                        "values": [None if v is None else float(round(v * 100, 1)) for v in satisfaction],
                    }
                ],
                [_url(community, "windows:ranking", {"month": label}) for label in labels],
                [_("Month"), _("Ratings"), _("Satisfaction")],
                [
                    [label, written("ratings", n), written("satisfaction", s)]
                    for label, n, s in zip(labels, counts, satisfaction, strict=True)
                ],
            )
        )
    hours = [hour_months.get(m, 0) for m in months]
    if any(hours):
        values = [float(round(Decimal(v) / 60, 1)) for v in hours]
        result.append(
            Chart(
                "hours",
                _("Verified volunteer hours by month"),
                "bar",
                labels,
                [{"name": _("Hours"), "values": values}],
                [_url(community, "dedication:board", {"month": label}) for label in labels],
                [_("Month"), _("Hours")],
                [[label, written("hours", v)] for label, v in zip(labels, values, strict=True)],
            )
        )
    if ranking:
        names = [s.window.name for s in ranking]
        result.append(
            Chart(
                "ranking",
                _("Window ranking of %(month)s") % {"month": labels[-1]},
                "bar",
                names,
                [{"name": _("Score"), "values": [float(s.combined) for s in ranking]}],
                [_window_url(community, s.window.pk) for s in ranking],
                [_("Rank"), _("Window"), _("Score")],
                [[str(s.rank), s.window.name, written("average_score", s.combined)] for s in ranking],
            )
        )
    return result


def community_figures(community: Community, start: datetime.date, end: datetime.date) -> Figures:
    return collect(community, start, end, previous=previous_period(start, end))


@dataclass
class Snapshot:
    """The dashboard's figures and charts of one community and period, and when they were computed."""

    figures: Figures
    charts: list[Chart]
    computed_at: datetime.datetime


CACHE_PREFIX = "reports.dashboard"


def _generation_key(community_id: int) -> str:
    return f"{CACHE_PREFIX}.generation.{community_id}"


def figures_changed(community_id: int) -> None:
    """Drop every cached dashboard snapshot of the community (all periods and languages): a new
    generation stamp makes their keys unreachable, and they expire by themselves."""
    cache.set(_generation_key(community_id), time_ns(), None)


def snapshot(community: Community, start: datetime.date, end: datetime.date) -> Snapshot:
    """The figures (with the previous period's) and the charts of ``start``..``end``: from the
    cache when computed less than ``REPORTS_DASHBOARD_SECONDS`` ago and nothing was written to
    the community since, else computed now and kept."""
    seconds = settings.REPORTS_DASHBOARD_SECONDS
    if seconds <= 0:
        return _compute(community, start, end)
    generation = cache.get(_generation_key(community.pk), 0)
    key = f"{CACHE_PREFIX}.{community.pk}.{generation}.{start:%Y%m%d}.{end:%Y%m%d}.{get_language()}"
    found = cache.get(key)
    if found is None:
        found = _compute(community, start, end)
        cache.set(key, found, seconds)
    return found


def _compute(community: Community, start: datetime.date, end: datetime.date) -> Snapshot:
    return Snapshot(community_figures(community, start, end), charts(community, start, end), timezone.now())


#: The figures compared community by community on the company's dashboard.
COMPARED = (
    "org.branches_meeting",
    "members.party_members",
    "assessment.average_score",
    "windows.satisfaction",
    "windows.ratings",
    "windows.tickets_overdue",
    "dedication.hours",
    "dedication.benefit",
    "service.flags_won",
)


def compared_figures(
    communities: list[Community], start: datetime.date, end: datetime.date
) -> dict[Community, Figures]:
    """The ``COMPARED`` figures of every community, each figure computed once for all of them:
    an app that answers ``selectors.compared_by_community(ids, start, end)`` groups its queries
    by community (a fixed number of queries however many communities); one that does not is
    asked for its ``headline`` community by community. Only the apps of the compared figures,
    and not the period before: the page shows neither."""
    apps = tuple(dict.fromkeys(a.partition(".")[0] for a in COMPARED))
    result = {c: Figures(c, start, end) for c in communities}
    ids = [c.pk for c in communities]
    for app in installed_apps():
        if app not in apps:
            continue
        module = importlib.import_module(f"sanjian.{app}.selectors")
        if hasattr(module, "compared_by_community"):
            with scope(community=ids):
                grouped = module.compared_by_community(ids, start, end)
            for community, figures in result.items():
                figures.apps[app] = dict(grouped[community.pk])
        else:
            for community, figures in result.items():
                figures.apps[app] = headline(app, community, start, end)
    return result


@dataclass
class CompanyRow:
    community: Community
    figures: Figures
    values: list[str]
    url: str


def company(
    communities: list[Community], start: datetime.date, end: datetime.date
) -> tuple[list[Any], list[CompanyRow], list[Chart]]:
    """The same figures for every community of the company, side by side, and the comparison
    charts (a click on a community's bar opens its dashboard)."""
    rows = []
    for community, figures in compared_figures(communities, start, end).items():
        values = [written(a.partition(".")[2], figures.get(a)) for a in COMPARED]
        rows.append(CompanyRow(community, figures, values, _url(community, "reports:dashboard")))
    labels = {spec.address: spec.label for spec in TILES}
    headers = [labels.get(a, a) for a in COMPARED]
    shown = [i for i, a in enumerate(COMPARED) if any(r.figures.get(a) is not None for r in rows)]
    headers = [headers[i] for i in shown]
    for row in rows:
        row.values = [row.values[i] for i in shown]
    charts_ = []
    names = [r.community.name for r in rows]
    urls = [r.url for r in rows]
    for address, title, scale in (
        ("windows.satisfaction", _("Satisfaction by community (%)"), 100),
        ("dedication.hours", _("Verified volunteer hours by community"), 1),
    ):
        values = [r.figures.get(address) for r in rows]
        if any(v for v in values):
            charts_.append(
                Chart(
                    address.replace(".", "-"),
                    title,
                    "bar",
                    names,
                    [
                        {
                            "name": title,
                            "values": [
                                None if v is None else float(round(Decimal(v) * scale, 1)) for v in values
                            ],
                        }
                    ],
                    urls,
                    [_("Community"), str(labels.get(address, address))],
                    [[n, written(address.partition(".")[2], v)] for n, v in zip(names, values, strict=True)],
                )
            )
    return headers, rows, charts_
