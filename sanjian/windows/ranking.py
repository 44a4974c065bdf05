"""Monthly scores and rankings of the windows, read from the daily rollups (never the ratings).

The combined score weighs three parts, each 0–100:

* satisfaction: the share of the top two levels × 100 (counted from ``MIN_RATINGS`` ratings
  in the month; with fewer it is shown but leaves the combined score),
* inspection: the average score of the month's submitted inspections,
* punctuality: 100, less ``OVERDUE_PENALTY`` per ticket that missed its deadline in the month
  (never below 0),

with the weights of ``WEIGHTS``. A missing part (no inspection this month) leaves the combined
score, whose weights are then shared among the parts present; a window with neither ratings nor
an inspection is not ranked. Every figure comes from a few grouped queries over the month's
rows, whatever the number of windows or of ratings.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Sum
from django.utils import timezone

from sanjian.lib.dates import Month
from sanjian.org.models import Unit, UnitKind
from sanjian.windows.models import (
    BenchmarkTitle,
    DailyRollup,
    Inspection,
    InspectionStatus,
    Ticket,
    overdue_q,
)
from sanjian.windows.rollups import LEVEL_FIELDS

WEIGHTS = {"satisfaction": Decimal("0.5"), "inspection": Decimal("0.4"), "punctuality": Decimal("0.1")}
MIN_RATINGS = 10
OVERDUE_PENALTY = 20
HUNDREDTH = Decimal("0.01")


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(HUNDREDTH, rounding=ROUND_HALF_UP) if whole else None


@dataclass
class WindowScore:
    window: Unit
    counts: list[int] = field(default_factory=lambda: [0] * 5)  # levels 1..5
    inspection: Decimal | None = None
    inspections: int = 0
    overdue: int = 0
    rank: int | None = None
    talk: bool = False
    benchmark: BenchmarkTitle | None = None
    community_name: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def satisfaction(self) -> Decimal | None:
        """The share of the top two levels, 0–100."""
        return _pct(self.counts[3] + self.counts[4], self.total)

    @property
    def satisfaction_share(self) -> Decimal | None:
        """The same as a share 0–1, for the ``|percent`` filter."""
        value = self.satisfaction
        return None if value is None else value / 100

    @property
    def average(self) -> Decimal | None:
        """The average level, 1–5."""
        if not self.total:
            return None
        weighted = sum(level * n for level, n in enumerate(self.counts, start=1))
        return (Decimal(weighted) / self.total).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def punctuality(self) -> Decimal:
        return Decimal(max(0, 100 - OVERDUE_PENALTY * self.overdue))

    @property
    def combined(self) -> Decimal | None:
        parts = {"punctuality": self.punctuality}
        if self.total >= MIN_RATINGS:
            parts["satisfaction"] = self.satisfaction
        if self.inspection is not None:
            parts["inspection"] = self.inspection
        if len(parts) == 1:
            return None
        weight = sum(WEIGHTS[name] for name in parts)
        value = sum(WEIGHTS[name] * value for name, value in parts.items()) / weight
        return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def network_type(self) -> str:
        return self.window.parent.network_type if self.window.parent_id else ""


def window_scores(
    windows: Sequence[Unit], start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> dict[int, WindowScore]:
    """The figures of ``windows`` over ``start``..``end``, in three grouped queries."""
    today = today or timezone.localdate()
    scores = {w.pk: WindowScore(w) for w in windows}
    ids = list(scores)
    sums = {f"n{i}": Sum(name) for i, name in enumerate(LEVEL_FIELDS)}
    for row in (
        DailyRollup.objects.filter(window_id__in=ids, day__range=(start, end))
        .order_by()
        .values("window_id")
        .annotate(**sums)
    ):
        scores[row["window_id"]].counts = [row[f"n{i}"] or 0 for i in range(5)]
    for window_id, average, n in (
        Inspection.objects.filter(
            window_id__in=ids, status=InspectionStatus.SUBMITTED, inspected_on__range=(start, end)
        )
        .order_by()
        .values_list("window_id")
        .annotate(Avg("score"), Count("pk"))
    ):
        scores[window_id].inspections = n
        if average is not None:
            scores[window_id].inspection = Decimal(average).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    for window_id, n in (
        Ticket.objects.filter(overdue_q(today), window_id__in=ids, deadline__range=(start, end))
        .order_by()
        .values_list("window_id")
        .annotate(Count("pk"))
    ):
        scores[window_id].overdue = n
    return scores


def rank(scores: Sequence[WindowScore]) -> list[WindowScore]:
    """Sorted best first and numbered (equal combined scores share a rank); unranked at the end."""
    ranked = sorted(
        (s for s in scores if s.combined is not None),
        key=lambda s: (-s.combined, -(s.satisfaction or 0), -s.total, s.window.sort_order, s.window.name),
    )
    for position, score in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        score.rank = previous.rank if previous and previous.combined == score.combined else position
    rest = sorted(
        (s for s in scores if s.combined is None), key=lambda s: (s.window.sort_order, s.window.name)
    )
    return ranked + rest


def _windows() -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "sort_order", "name")
    )


def community_ranking(month: Month, *, today: datetime.date | None = None) -> list[WindowScore]:
    """The ranking of the community in scope for ``month``, with talk flags and benchmark titles.

    A window is flagged for a talk (约谈) when it ranks last this month and the month before.
    """
    windows = _windows()
    ranking = rank(list(window_scores(windows, month.start, month.end, today=today).values()))
    before = rank(
        list(window_scores(windows, month.previous().start, month.previous().end, today=today).values())
    )
    last_now, last_before = _last(ranking), _last(before)
    titles = {t.window_id: t for t in BenchmarkTitle.objects.filter(year=month.year)}
    for score in ranking:
        score.talk = last_now is not None and score.window.pk == last_now == last_before
        score.benchmark = titles.get(score.window.pk)
    return ranking


def _last(ranking: list[WindowScore]) -> int | None:
    ranked = [s for s in ranking if s.rank is not None]
    if len(ranked) < 2 or ranked[-1].rank == ranked[-2].rank:
        return None
    return ranked[-1].window.pk


def company_ranking(month: Month, *, today: datetime.date | None = None) -> dict[str, list[WindowScore]]:
    """Every active window of the communities in scope, ranked within its kind of network."""
    windows = _windows()
    scores = window_scores(windows, month.start, month.end, today=today)
    titles = {t.window_id: t for t in BenchmarkTitle.objects.filter(year=month.year)}
    groups: dict[str, list[WindowScore]] = defaultdict(list)
    for score in scores.values():
        score.benchmark = titles.get(score.window.pk)
        groups[score.network_type].append(score)
    return {network_type: rank(group) for network_type, group in groups.items()}


def satisfaction_overall(start: datetime.date, end: datetime.date) -> tuple[Decimal | None, int]:
    """The satisfaction (0–100) and number of ratings of every window in scope over the period."""
    totals = DailyRollup.objects.filter(day__range=(start, end)).aggregate(
        **{name: Sum(name) for name in LEVEL_FIELDS}
    )
    counts = [totals[name] or 0 for name in LEVEL_FIELDS]
    return _pct(counts[3] + counts[4], sum(counts)), sum(counts)


def daily_trend(window: Unit, days: int = 30) -> list[tuple[datetime.date, int, Decimal | None]]:
    """(day, ratings, satisfaction 0–100) for each of the window's last ``days`` days."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    rows = {r.day: r.counts for r in DailyRollup.objects.filter(window=window, day__range=(start, today))}
    trend = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        counts = rows.get(day, (0, 0, 0, 0, 0))
        trend.append((day, sum(counts), _pct(counts[3] + counts[4], sum(counts))))
    return trend
