"""Computing a period's results from its records, in a fixed number of queries whatever the size.

A month is scored from its letters: each item's value comes from its entries (manual) or from
its automatic source (one call per source for all units), then the rule gives points
(``scoring``). A quarter or a year aggregates the published months inside it: a unit's score
is the mean of its monthly scores (adjustments included) over the months it was scored in;
each indicator's line is the mean of its monthly lines over the months it applied in.

Nothing here writes: ``services.period_close`` stores what ``compute_period`` returns. The
hot loop reads plain rows (``values_list``), not model instances: a community's month is a
few thousand lines, and a company closes a hundred communities at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import TextField
from django.db.models.functions import Cast

from sanjian.assessment import scoring, sources
from sanjian.assessment.models import (
    RULE_FIELDS,
    Entry,
    EntryKind,
    Letter,
    LetterItem,
    Line,
    LineState,
    Period,
    PeriodKind,
    PeriodStatus,
    Result,
)
from sanjian.org.models import Unit

ZERO = Decimal(0)
PUBLISHED = (PeriodStatus.PUBLISHED, PeriodStatus.FINAL)
#: The rule's fields as read here: the bands as text, parsed once per distinct rule.
RULE_KEY = tuple("bands_text" if name == "bands" else name for name in RULE_FIELDS)
ITEM_FIELDS = (
    "pk",
    "letter_id",
    "indicator_id",
    "weight",
    "sort_order",
    *RULE_KEY,
    "indicator__code",
    "indicator__name",
    "indicator__category",
    "indicator__measure",
    "indicator__source_key",
)


@dataclass
class ResultDraft:
    unit: Unit
    lines: list[Line] = field(default_factory=list)
    total: Decimal | None = None
    months: int = 1

    @property
    def applicable_weight(self) -> Decimal:
        return sum((line.weight for line in self.lines if line.applicable), ZERO)

    @property
    def earned(self) -> Decimal:
        return sum((line.earned for line in self.lines if line.applicable), ZERO)


class SourceError(Exception):
    """An installed automatic source failed (answered for units it was not asked about, or not
    in Decimal): a bug of the app that provides it, reported rather than scored."""

    def __init__(self, key: str, error: Exception) -> None:
        super().__init__(f"{key}: {error}")
        self.key, self.error = key, error


class AggregationError(Exception):
    """A quarter or year cannot be computed: some of its months are not published yet."""

    def __init__(self, months: list[Period]) -> None:
        super().__init__(", ".join(str(m) for m in months))
        self.months = months


def compute_period(period: Period) -> list[ResultDraft]:
    if period.kind == PeriodKind.MONTH:
        return compute_month(period)
    return compute_aggregate(period)


# --- Months: from letters, entries and sources ---------------------------------------------------


@dataclass
class _Inputs:
    """What the entries of one letter item add up to."""

    value: Decimal | None = None
    occurrences: Decimal = ZERO
    deductions: Decimal = ZERO
    bonuses: Decimal = ZERO
    not_applicable: bool = False
    reasons: list[str] = field(default_factory=list)


def _entry_inputs(period: Period) -> dict[int, _Inputs]:
    inputs: dict[int, _Inputs] = defaultdict(_Inputs)
    rows = (
        Entry.objects.filter(item__letter__period=period)
        .order_by("entered_at", "pk")
        .values_list("item_id", "kind", "amount", "reason")
    )
    for item_id, kind, amount, reason in rows:
        got = inputs[item_id]
        if kind == EntryKind.VALUE:
            got.value = amount  # the latest value counts
        elif kind == EntryKind.OCCURRENCE:
            got.occurrences += amount
        elif kind == EntryKind.DEDUCTION:
            got.deductions += amount
        elif kind == EntryKind.BONUS:
            got.bonuses += amount
        elif kind == EntryKind.NOT_APPLICABLE:
            got.not_applicable = True
        if reason:
            got.reasons.append(reason)
    return inputs


def _source_values(
    items: list[dict], units: dict[int, Unit], period: Period
) -> dict[str, dict[int, Decimal | None] | None]:
    """Each source's values for the units whose letters use it; None for a source not installed."""
    wanted: dict[str, dict[int, Unit]] = defaultdict(dict)
    for item in items:
        if item["indicator__source_key"]:
            unit = units[item["letter_id"]]
            wanted[item["indicator__source_key"]][unit.pk] = unit
    values: dict[str, dict[int, Decimal | None] | None] = {}
    for key, asked in wanted.items():
        try:
            values[key] = sources.compute(key, list(asked.values()), period.start, period.end)
        except KeyError:
            values[key] = None
        except (TypeError, ValueError) as exc:
            raise SourceError(key, exc) from exc
    return values


def _spec(item: dict, known: dict[tuple, scoring.RuleSpec]) -> scoring.RuleSpec:
    """The item's rule; items copied from one template share theirs, so each is built once."""
    key = tuple(item[name] for name in RULE_KEY)
    spec = known.get(key)
    if spec is None:
        bands = json.loads(item["bands_text"] or "[]")
        spec = known[key] = scoring.RuleSpec(
            rule=item["rule"],
            higher_is_better=item["higher_is_better"],
            floor=item["floor"],
            target=item["target"],
            bands=tuple((Decimal(str(t)), Decimal(str(p))) for t, p in bands),
            per_occurrence=item["per_occurrence"],
            cap=item["cap"],
            bonus_cap=item["bonus_cap"] or ZERO,
        )
    return spec


def compute_month(period: Period) -> list[ResultDraft]:
    letters = list(Letter.objects.filter(period=period).select_related("unit"))
    units = {letter.pk: letter.unit for letter in letters}
    # The bands as text: parsed once per distinct rule below, not once per item.
    items = list(
        LetterItem.objects.filter(letter__period=period)
        .annotate(bands_text=Cast("bands", TextField()))
        .order_by("sort_order", "pk")
        .values(*ITEM_FIELDS)
    )
    specs: dict[tuple, scoring.RuleSpec] = {}
    inputs = _entry_inputs(period)
    source_values = _source_values(items, units, period)
    drafts = {letter.pk: ResultDraft(unit=letter.unit) for letter in letters}
    for item in items:
        got = inputs.get(item["pk"]) or _Inputs()
        key = item["indicator__source_key"]
        value = got.value
        if key:
            values = source_values[key]
            value = None if values is None else values.get(units[item["letter_id"]].pk)
        elif item["rule"] == scoring.Rule.DEDUCTION:
            value = got.occurrences
        line = Line(
            indicator=item["indicator_id"],
            item=item["pk"],
            code=item["indicator__code"],
            name=item["indicator__name"],
            category=item["indicator__category"],
            measure=item["indicator__measure"],
            weight=item["weight"],
            value=value,
            deductions=got.deductions,
            bonuses=got.bonuses,
            note="; ".join(got.reasons),
            source=key,
        )
        _score_line(line, _spec(item, specs), got, missing_source=bool(key) and source_values[key] is None)
        drafts[item["letter_id"]].lines.append(line)
    for draft in drafts.values():
        draft.total = scoring.total_score(
            (line.weight, line.earned) for line in draft.lines if line.applicable
        )
    return list(drafts.values())


def _score_line(line: Line, spec: scoring.RuleSpec, got: _Inputs, *, missing_source: bool) -> None:
    if got.not_applicable:
        line.state = LineState.NOT_APPLICABLE
    elif missing_source:
        line.state = LineState.NO_SOURCE
    elif line.value is None and not line.source and (got.deductions or got.bonuses):
        # Checked by deduction from full marks: no value was measured, points were taken off.
        line.base = line.weight
        line.earned = scoring.after_entries(spec, line.weight, deductions=got.deductions, bonuses=got.bonuses)
        return
    elif line.value is None:
        line.state = LineState.NO_DATA if line.source else LineState.NO_VALUE
    if line.state != LineState.SCORED:
        return
    line.base, line.earned = scoring.line_points(
        spec, line.weight, line.value, deductions=got.deductions, bonuses=got.bonuses
    )


# --- Quarters and years: the mean of the published months ----------------------------------------


def months_of(period: Period) -> list[Period]:
    return list(
        Period.objects.filter(
            community=period.community, kind=PeriodKind.MONTH, start__gte=period.start, end__lte=period.end
        )
    )


def compute_aggregate(period: Period) -> list[ResultDraft]:
    months = months_of(period)
    unpublished = [m for m in months if m.status not in PUBLISHED]
    if unpublished:
        raise AggregationError(unpublished)
    results = Result.objects.filter(period__in=[m.pk for m in months]).select_related("unit")
    by_unit: dict[int, list[Result]] = defaultdict(list)
    for result in results.order_by("unit_id", "period__start"):
        by_unit[result.unit_id].append(result)
    return [_aggregate_unit(unit_results) for unit_results in by_unit.values()]


def _mean(values: list[Decimal]) -> Decimal:
    return scoring.round_points(sum(values, ZERO) / len(values))


def _aggregate_unit(results: list[Result]) -> ResultDraft:
    scored = [r.final_total for r in results if r.total is not None]
    draft = ResultDraft(unit=results[0].unit, months=len(scored))
    if scored:
        draft.total = _mean(scored)
    by_indicator: dict[int, list[Line]] = defaultdict(list)
    for result in results:
        for line in result.breakdown:
            by_indicator[line.indicator].append(line)
    for monthly in by_indicator.values():
        latest = monthly[-1]
        applied = [line for line in monthly if line.applicable]
        line = Line(
            indicator=latest.indicator,
            code=latest.code,
            name=latest.name,
            category=latest.category,
            measure=latest.measure,
            weight=latest.weight,
            state=LineState.SCORED if applied else LineState.NOT_APPLICABLE,
            source=latest.source,
        )
        if applied:
            line.weight = _mean([x.weight for x in applied])
            line.earned = _mean([x.earned for x in applied])
            line.base = _mean([x.base for x in applied])
            line.deductions = _mean([x.deductions for x in applied])
            line.bonuses = _mean([x.bonuses for x in applied])
            values = [x.value for x in applied if x.value is not None]
            if values:
                line.value = (sum(values, ZERO) / len(values)).quantize(Decimal("0.0001"))
        draft.lines.append(line)
    return draft


def previous_bounds(period: Period) -> tuple[str, int, int]:
    """(kind, year, number) of the period of the same kind just before ``period``."""
    if period.kind == PeriodKind.YEAR:
        return period.kind, period.year - 1, 1
    count = 12 if period.kind == PeriodKind.MONTH else 4
    if period.number == 1:
        return period.kind, period.year - 1, count
    return period.kind, period.year, period.number - 1
