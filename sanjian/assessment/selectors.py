"""Reads of the assessment platform. Call them inside the request's community scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from sanjian.assessment import sources
from sanjian.assessment.models import (
    ASSESSED_KINDS,
    Adjustment,
    Alert,
    Appeal,
    AppealStatus,
    CostItem,
    Entry,
    Indicator,
    Letter,
    LetterItem,
    LineState,
    Period,
    PeriodKind,
    PeriodStatus,
    Policy,
    Result,
    ResultLine,
)
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community

PUBLISHED = (PeriodStatus.PUBLISHED, PeriodStatus.FINAL)


def policy_for(community: Community) -> Policy:
    """The community's policy, or the defaults (unsaved) when it has never changed them."""
    return Policy.objects.filter(community=community).first() or Policy(community=community)


def period_list(*, kind: str = "") -> QuerySet[Period]:
    qs = Period.objects.annotate(letter_count=Count("letters"))
    return qs.filter(kind=kind) if kind else qs


def latest_published_month() -> Period | None:
    return Period.objects.filter(kind=PeriodKind.MONTH, status__in=PUBLISHED).order_by("-start").first()


def indicator_list(*, active_only: bool = False) -> QuerySet[Indicator]:
    qs = Indicator.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def missing_sources(indicators: list[Indicator]) -> set[str]:
    """The source keys named by ``indicators`` that no installed app provides."""
    installed = {s.key for s in sources.all_sources()}
    return {i.source_key for i in indicators if i.source_key and i.source_key not in installed}


@dataclass
class LetterRow:
    letter: Letter
    weight: Decimal
    items: int


def period_letters(period: Period) -> list[LetterRow]:
    """The period's letters with their item count and weight total, in two queries."""
    letters = list(Letter.objects.filter(period=period).select_related("unit", "responsible", "issuer"))
    totals: dict[int, tuple[Decimal, int]] = {}
    rows = LetterItem.objects.filter(letter__period=period).values_list("letter_id", "weight")
    for letter_id, weight in rows:
        total, count = totals.get(letter_id, (Decimal(0), 0))
        totals[letter_id] = (total + weight, count + 1)
    return [LetterRow(letter, *totals.get(letter.pk, (Decimal(0), 0))) for letter in letters]


def units_without_letter(period: Period) -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=ASSESSED_KINDS, is_active=True).exclude(letters__period=period)


def letter_items(letter: Letter) -> list[LetterItem]:
    """The letter's items with their entries (and who made them), in two queries."""
    entries = Entry.objects.select_related("entered_by").order_by("entered_at", "pk")
    return list(
        letter.items.select_related("indicator").prefetch_related(Prefetch("entries", queryset=entries))
    )


@dataclass
class KindResults:
    kind: str
    label: str
    results: list[Result] = field(default_factory=list)


def period_results(period: Period, *, with_lines: bool = True) -> list[KindResults]:
    """The period's results grouped by unit kind, ranked, each with its lines and the entries,
    appeals and adjustments behind them: a fixed number of queries whatever the size."""
    results = (
        Result.objects.filter(period=period)
        .select_related("unit")
        .order_by("unit_kind", "rank", "unit__name")
    )
    if with_lines:
        lines = ResultLine.objects.select_related("indicator").prefetch_related(
            Prefetch("item__entries", queryset=Entry.objects.order_by("entered_at", "pk"))
        )
        results = results.prefetch_related(
            Prefetch("lines", queryset=lines),
            Prefetch("adjustments", queryset=Adjustment.objects.select_related("line__indicator")),
        )
    groups: dict[str, KindResults] = {}
    labels = dict(UnitKind.choices)
    for result in results:
        group = groups.setdefault(
            result.unit_kind, KindResults(result.unit_kind, str(labels.get(result.unit_kind, "")))
        )
        group.results.append(result)
    order = {kind: i for i, kind in enumerate(ASSESSED_KINDS)}
    return sorted(groups.values(), key=lambda g: order.get(g.kind, 99))


def result_detail(pk: int) -> Result:
    lines = ResultLine.objects.select_related("indicator", "item").prefetch_related(
        Prefetch(
            "item__entries", queryset=Entry.objects.select_related("entered_by").order_by("entered_at", "pk")
        )
    )
    return (
        Result.objects.select_related("period", "unit")
        .prefetch_related(
            Prefetch("lines", queryset=lines),
            Prefetch("adjustments", queryset=Adjustment.objects.select_related("line__indicator", "made_by")),
            Prefetch(
                "appeals", queryset=Appeal.objects.select_related("line__indicator", "filed_by", "decided_by")
            ),
        )
        .get(pk=pk)
    )


def review_problems(period: Period) -> dict[str, list]:
    """What a reviewer should look at before publishing: unsigned letters, lines without a
    value, automatic sources that are not installed."""
    lines = ResultLine.objects.filter(result__period=period).exclude(state=LineState.SCORED)
    flagged = lines.filter(state__in=[LineState.NO_VALUE, LineState.NO_SOURCE]).select_related(
        "result__unit", "indicator"
    )
    return {
        "unsigned": list(
            Letter.objects.filter(period=period)
            .exclude(responsible_signed_at__isnull=False, issuer_signed_at__isnull=False)
            .select_related("unit")
        ),
        "no_value": [line for line in flagged if line.state == LineState.NO_VALUE],
        "no_source": [line for line in flagged if line.state == LineState.NO_SOURCE],
    }


@dataclass
class CostRow:
    unit: Unit
    items: list[CostItem]

    @property
    def quota(self) -> Decimal:
        return sum((i.quota for i in self.items), Decimal(0))

    @property
    def actual(self) -> Decimal | None:
        known = [i.actual for i in self.items if i.actual is not None]
        return sum(known, Decimal(0)) if known else None


def period_costs(period: Period) -> list[CostRow]:
    rows: dict[int, CostRow] = {}
    for item in CostItem.objects.filter(period=period).select_related("unit"):
        rows.setdefault(item.unit_id, CostRow(item.unit, [])).items.append(item)
    return list(rows.values())


def pending_appeals(period: Period | None = None) -> QuerySet[Appeal]:
    qs = Appeal.objects.filter(status=AppealStatus.PENDING).select_related(
        "result__unit", "result__period", "line__indicator", "filed_by"
    )
    return qs.filter(result__period=period) if period else qs


@dataclass
class Trend:
    labels: list[str]
    totals: list[Decimal | None]
    indicators: dict[str, list[Decimal | None]]


def unit_trend(unit: Unit, *, months: int = 12) -> Trend:
    """The unit's published monthly scores, oldest first, and each indicator's points, in three
    queries: reads only the last ``months`` periods, whatever the length of the history."""
    periods = list(
        Period.objects.filter(kind=PeriodKind.MONTH, status__in=PUBLISHED).order_by("-start")[:months]
    )[::-1]
    results = {r.period_id: r for r in Result.objects.filter(unit=unit, period__in=periods)}
    indicators: dict[str, list[Decimal | None]] = defaultdict(lambda: [None] * len(periods))
    position = {p.pk: i for i, p in enumerate(periods)}
    lines = ResultLine.objects.filter(result__in=results.values(), state=LineState.SCORED).select_related(
        "indicator", "result"
    )
    for line in lines.order_by("sort_order"):
        indicators[line.indicator.name][position[line.result.period_id]] = line.earned
    return Trend(
        labels=[str(p) for p in periods],
        totals=[results[p.pk].final_total if p.pk in results else None for p in periods],
        indicators=dict(indicators),
    )


def movers(*, limit: int = 5) -> tuple[Period | None, list[Result], list[Result]]:
    """The biggest risers and fallers of the latest published month (two indexed reads)."""
    period = latest_published_month()
    if period is None:
        return None, [], []
    qs = Result.objects.filter(period=period, change__isnull=False).select_related("unit")
    risers = list(qs.filter(change__gt=0).order_by("-change", "unit__name")[:limit])
    fallers = list(qs.filter(change__lt=0).order_by("change", "unit__name")[:limit])
    return period, risers, fallers


def alert_list(*, period: Period | None = None) -> QuerySet[Alert]:
    qs = Alert.objects.select_related("unit", "period")
    return qs.filter(period=period) if period else qs
