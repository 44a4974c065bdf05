"""Reads of the assessment platform. Call them inside the request's community scope."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, QuerySet
from django.utils import timezone

from sanjian.assessment.models import (
    ASSESSED_KINDS,
    Adjustment,
    Alert,
    Appeal,
    AppealStatus,
    CostItem,
    Entry,
    EntryKind,
    Indicator,
    Letter,
    LetterItem,
    Line,
    LineState,
    Period,
    PeriodKind,
    PeriodStatus,
    Policy,
    Result,
    RuleKind,
)
from sanjian.lib.registries import indicator_sources
from sanjian.lib.workdays import add_workdays
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.access import Access
from sanjian.tenancy.models import Community

PUBLISHED = (PeriodStatus.PUBLISHED, PeriodStatus.FINAL)


def policy_for(community: Community) -> Policy:
    """The community's policy, or the defaults (unsaved) when it has never changed them."""
    return Policy.objects.filter(community=community).first() or Policy(community=community)


def period_list(*, kind: str = "") -> QuerySet[Period]:
    # Meta.ordering is dropped from GROUP BY queries: order explicitly, newest first.
    qs = Period.objects.annotate(letter_count=Count("letters")).order_by("-start", "kind")
    return qs.filter(kind=kind) if kind else qs


def latest_published_month() -> Period | None:
    return Period.objects.filter(kind=PeriodKind.MONTH, status__in=PUBLISHED).order_by("-start").first()


def indicator_list(*, active_only: bool = False) -> QuerySet[Indicator]:
    qs = Indicator.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def missing_sources(indicators: list[Indicator]) -> set[str]:
    """The source keys named by ``indicators`` that no installed app provides."""
    installed = {s.key for s in indicator_sources.all()}
    return {i.source_key for i in indicators if i.source_key and i.source_key not in installed}


@dataclass
class LetterRow:
    letter: Letter
    weight: Decimal
    items: int


def letters_in_reach(access: Access) -> QuerySet[Letter]:
    """The letters of the units the user reaches with ``assessment.view``, drafts included: the
    same reach as everything else (a department reads its own and the windows it guarantees)."""
    reach = access.reach("assessment.view")
    return Letter.objects.all() if reach is None else Letter.objects.filter(unit_id__in=reach)


def entries_in_reach(access: Access) -> QuerySet[Entry]:
    """The score entries on the letters in reach (see ``letters_in_reach``)."""
    reach = access.reach("assessment.view")
    return Entry.objects.all() if reach is None else Entry.objects.filter(item__letter__unit_id__in=reach)


def period_letters(period: Period, access: Access) -> list[LetterRow]:
    """The period's letters within reach with their item count and weight total, in two queries."""
    letters = list(
        letters_in_reach(access).filter(period=period).select_related("unit", "responsible", "issuer")
    )
    totals: dict[int, tuple[Decimal, int]] = {}
    ids = [letter.pk for letter in letters]
    rows = LetterItem.objects.filter(letter_id__in=ids).values_list("letter_id", "weight")
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


def _with_entries(results: list[Result]) -> list[Result]:
    """Attach to each line of ``results`` the entries of its letter item, in one query."""
    lines = [line for result in results for line in result.breakdown if line.item]
    if not lines:
        return results
    entries: dict[int, list[Entry]] = defaultdict(list)
    rows = Entry.objects.filter(item__in={line.item for line in lines}).select_related("entered_by")
    for entry in rows.order_by("entered_at", "pk"):
        entries[entry.item_id].append(entry)
    for line in lines:
        line.entries = entries.get(line.item, [])
    return results


def period_results(period: Period) -> list[KindResults]:
    """The period's results grouped by unit kind, ranked, each line with the entries behind it,
    and the adjustments: a fixed number of queries whatever the size."""
    adjustments = Adjustment.objects.select_related("indicator").order_by("made_at", "pk")
    results = list(
        Result.objects.filter(period=period)
        .select_related("unit")
        .prefetch_related(Prefetch("adjustments", queryset=adjustments))
        .order_by("unit_kind", "rank", "unit__name")
    )
    _with_entries(results)
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
    result = (
        Result.objects.select_related("period", "unit")
        .prefetch_related(
            Prefetch("adjustments", queryset=Adjustment.objects.select_related("indicator", "made_by")),
            Prefetch(
                "appeals", queryset=Appeal.objects.select_related("indicator", "filed_by", "decided_by")
            ),
        )
        .get(pk=pk)
    )
    return _with_entries([result])[0]


@dataclass
class Flag:
    unit: Unit
    line: Line


def review_problems(period: Period) -> dict[str, list]:
    """What a reviewer should look at before publishing: unsigned letters, lines without a
    value, automatic sources that are not installed."""
    flagged: dict[str, list[Flag]] = {LineState.NO_VALUE: [], LineState.NO_SOURCE: []}
    for result in Result.objects.filter(period=period).select_related("unit"):
        for line in result.breakdown:
            if line.state in flagged:
                flagged[line.state].append(Flag(result.unit, line))
    return {
        "unsigned": list(
            Letter.objects.filter(period=period)
            .exclude(responsible_signed_at__isnull=False, issuer_signed_at__isnull=False)
            .select_related("unit")
        ),
        "no_value": flagged[LineState.NO_VALUE],
        "no_source": flagged[LineState.NO_SOURCE],
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
        "result__unit", "result__period", "indicator", "filed_by"
    )
    return qs.filter(result__period=period) if period else qs


@dataclass
class Trend:
    labels: list[str]
    totals: list[Decimal | None]
    indicators: dict[str, list[Decimal | None]]


def unit_trend(unit: Unit, *, months: int = 12) -> Trend:
    """The unit's published monthly scores, oldest first, and each indicator's points, in two
    queries: reads only the last ``months`` periods, whatever the length of the history."""
    periods = list(
        Period.objects.filter(kind=PeriodKind.MONTH, status__in=PUBLISHED).order_by("-start")[:months]
    )[::-1]
    results = {r.period_id: r for r in Result.objects.filter(unit=unit, period__in=periods)}
    indicators: dict[str, list[Decimal | None]] = defaultdict(lambda: [None] * len(periods))
    for position, period in enumerate(periods):
        result = results.get(period.pk)
        for line in result.breakdown if result else ():
            if line.applicable:
                indicators[line.name][position] = line.earned
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
    qs = Result.objects.filter(period=period, change__isnull=False).select_related("unit").defer("lines")
    risers = list(qs.filter(change__gt=0).order_by("-change", "unit__name")[:limit])
    fallers = list(qs.filter(change__lt=0).order_by("change", "unit__name")[:limit])
    return period, risers, fallers


def alert_list(*, period: Period | None = None) -> QuerySet[Alert]:
    qs = Alert.objects.select_related("unit", "period")
    return qs.filter(period=period) if period else qs


def headline(community: Community, start: datetime.date, end: datetime.date) -> dict[str, object]:
    """The assessment figures for the reports: the monthly periods of ``start``..``end`` that were
    published, the units they scored, their average score and the early warnings raised.
    Runs in the caller's scope."""
    periods = Period.objects.filter(
        kind=PeriodKind.MONTH, status__in=PUBLISHED, start__gte=start, end__lte=end
    )
    results = Result.objects.filter(period__in=periods, total__isnull=False).aggregate(
        n=Count("pk"), units=Count("unit", distinct=True), average=Avg("total")
    )
    return {
        "periods": periods.count(),
        "units": results["units"] or 0,
        "average_score": (
            Decimal(results["average"]).quantize(Decimal("0.1")) if results["average"] is not None else None
        ),
        "alerts": Alert.objects.filter(period__in=periods).count(),
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, object]]:
    """``headline``'s ``average_score`` for every community of ``community_ids`` (all in scope),
    in one grouped query: the company page."""
    averages = dict(
        Result.objects.filter(
            period__kind=PeriodKind.MONTH,
            period__status__in=PUBLISHED,
            period__start__gte=start,
            period__end__lte=end,
            total__isnull=False,
        )
        .values_list("community_id")
        .annotate(average=Avg("total"))
        .order_by()
    )
    return {
        cid: {
            "average_score": (
                Decimal(averages[cid]).quantize(Decimal("0.1")) if averages.get(cid) is not None else None
            )
        }
        for cid in community_ids
    }


def appeal_deadline(published: datetime.datetime, workdays: int) -> datetime.datetime:
    """The end of the ``workdays``-th working day after the day of publication (local time)."""
    last_day = add_workdays(timezone.localtime(published).date(), workdays)
    end = datetime.datetime.combine(last_day, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def period_is_due(period: Period, now: datetime.datetime) -> bool:
    """Whether a published period's appeal window has passed with no appeal awaiting decision."""
    return (
        period.status == PeriodStatus.PUBLISHED
        and period.appeal_deadline is not None
        and now > period.appeal_deadline
        and not period.results.filter(appeals__status=AppealStatus.PENDING).exists()
    )


def period_locked(period: Period, now: datetime.datetime | None = None) -> bool:
    """Whether nothing may change any more: final, or due to become final (the task that marks
    periods final runs every quarter of an hour; the lock does not wait for it)."""
    return period.status == PeriodStatus.FINAL or period_is_due(period, now or timezone.now())


def allowed_entry_kinds(item: LetterItem) -> list[str]:
    """The kinds of entry that make sense for ``item``: a value for a manual measured indicator,
    occurrences for a manual deduction rule, points off or on, and "not applicable"."""
    kinds = []
    if not item.indicator.source_key:
        kinds.append(EntryKind.OCCURRENCE if item.rule == RuleKind.DEDUCTION else EntryKind.VALUE)
    kinds.append(EntryKind.DEDUCTION)
    if item.bonus_cap:
        kinds.append(EntryKind.BONUS)
    kinds.append(EntryKind.NOT_APPLICABLE)
    return kinds
