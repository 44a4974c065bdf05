"""Red-flag competitions: who competes, each month's ranking, the committee's confirmation.

**Score.** A round is a calendar month. Each week (Monday to Sunday) with inspections of the
unit in the month scores the average of those inspections; the month scores the average of its
weeks (一周一考评): a week with ten inspections counts as much as a week with one, so a unit is
judged on every week, not on the week it was inspected most. Only inspections of the kind the
competition counts (floors for apartments, areas for cleaning) count.

**Veto.** A complaint about a room of the unit's buildings, made in the month and verified as
serious (``requests.complaint_verify``), disqualifies the unit for the round: no rank, no flag.
A unit with no inspection in the month is not ranked either.

**Tie-break** (documented in docs/service.md): the higher month score; then more weeks
assessed; then the higher lowest week (the steadier unit). Units equal on all three share the
rank (1, 1, 3), and a flag goes to every unit ranked within ``flags``: a tie for the last flag
gives one more flag rather than a coin toss, and the committee sees it before confirming.

**Confirmation.** Ranking stores the standings of a month (again and again, as inspections come
in); the committee's confirmation freezes them: a confirmed round is never ranked again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from sanjian.lib.dates import Month
from sanjian.lib.records import Actor, lock, record_save
from sanjian.org.models import Unit
from sanjian.service.models import (
    Competition,
    Entrant,
    Inspection,
    RequestKind,
    Round,
    RoundStatus,
    ServiceRequest,
    Standing,
)
from sanjian.tenancy.models import Community, Company

HUNDREDTH = Decimal("0.01")


def communities_of(competition: Competition) -> list[int]:
    """The communities whose units may compete: the host, or every community of the company."""
    if competition.host_id:
        return [competition.host_id]
    return list(Community.objects.filter(company_id=competition.company_id).values_list("pk", flat=True))


@transaction.atomic
def competition_save(*, company: Company, competition: Competition, actor: Actor) -> Competition:
    competition.company = company
    if competition.host_id and competition.host.company_id != company.pk:
        raise ValidationError(_("The record belongs to another community."))
    if competition.first_month:
        competition.first_month = competition.first_month.replace(day=1)
    if competition.last_month:
        competition.last_month = competition.last_month.replace(day=1)
    return record_save(competition, actor=actor)


@transaction.atomic
def entrant_add(*, competition: Competition, unit: Unit, actor: Actor) -> Entrant:
    if unit.community_id not in communities_of(competition):
        raise ValidationError({"unit": _("The unit's community does not take part in this competition.")})
    with scope(community=unit.community_id):
        if Entrant.objects.filter(competition=competition, unit=unit).exists():
            raise ValidationError({"unit": _("The unit already competes.")})
        return record_save(
            Entrant(community_id=unit.community_id, competition=competition, unit=unit), actor=actor
        )


@dataclass
class Result:
    """A unit's month before ranking, and after it (``rank``, ``awarded``)."""

    entrant: Entrant
    weekly: list[Decimal] = field(default_factory=list)
    inspections: int = 0
    veto_reason: str = ""
    rank: int | None = None
    awarded: bool = False

    @property
    def vetoed(self) -> bool:
        return bool(self.veto_reason)

    @property
    def score(self) -> Decimal | None:
        if not self.weekly:
            return None
        return (sum(self.weekly, Decimal(0)) / len(self.weekly)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def lowest_week(self) -> Decimal | None:
        return min(self.weekly) if self.weekly else None

    @property
    def weeks(self) -> int:
        return len(self.weekly)

    def key(self) -> tuple:
        return (-self.score, -len(self.weekly), -self.lowest_week)


def rank(results: Sequence[Result], flags: int) -> list[Result]:
    """Rank ``results`` in place by the module's rule and tie-break; the ranked first, then the
    vetoed and the uninspected (no rank)."""
    ranked = sorted(
        (r for r in results if r.weekly and not r.vetoed), key=lambda r: (r.key(), str(r.entrant))
    )
    for position, result in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        result.rank = previous.rank if previous is not None and previous.key() == result.key() else position
        result.awarded = result.rank <= flags
    rest = sorted((r for r in results if r not in ranked), key=lambda r: str(r.entrant))
    for result in rest:
        result.rank, result.awarded = None, False
    return [*ranked, *rest]


def _week(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def results_for(competition: Competition, month: Month) -> list[Result]:
    """Each entrant's weeks, inspections and veto in ``month``, ranked. Reads the inspections
    of every community taking part (their scores only, which the board shows)."""
    with scope(community=communities_of(competition)):
        entrants = list(Entrant.objects.filter(competition=competition).select_related("unit"))
        by_unit = {e.unit_id: Result(e) for e in entrants}
        per_week: dict[tuple[int, datetime.date], list[Decimal]] = defaultdict(list)
        rows = Inspection.objects.filter(
            unit__in=list(by_unit),
            inspected_on__range=(month.start, month.end),
            sheet__kind=competition.kind,
        ).values_list("unit", "inspected_on", "score")
        for unit, day, score in rows:
            per_week[(unit, _week(day))].append(score)
            by_unit[unit].inspections += 1
        for (unit, _monday), scores in sorted(per_week.items()):
            average = (sum(scores, Decimal(0)) / len(scores)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
            by_unit[unit].weekly.append(average)
        complaints = ServiceRequest.objects.filter(
            kind=RequestKind.COMPLAINT,
            verified_serious=True,
            reported_on__range=(month.start, month.end),
            room__floor__building__unit__in=list(by_unit),
        ).values_list("room__floor__building__unit", "reported_on", "description")
        for unit, day, description in complaints:
            if not by_unit[unit].veto_reason:
                by_unit[unit].veto_reason = _("Verified serious complaint of %(day)s: %(what)s") % {
                    "day": day.isoformat(),
                    "what": description,
                }
    return rank(list(by_unit.values()), competition.flags)


def _check_month(competition: Competition, month: Month) -> None:
    if not competition.first_month <= month.start <= competition.last_month:
        raise ValidationError(_("The month lies outside the competition."))


@transaction.atomic
def round_rank(
    *, competition: Competition, month: Month, actor: Actor, now: datetime.datetime | None = None
) -> Round:
    """Store the month's standings (a round that was ranked before is ranked again)."""
    _check_month(competition, month)
    lock(competition)
    current = Round.objects.filter(competition=competition, month=month.start).first()
    if current is not None and current.status == RoundStatus.CONFIRMED:
        raise ValidationError(_("The round has been awarded: its result stands as confirmed."))
    current = current or Round(competition=competition, month=month.start)
    current.ranked_at = now or timezone.now()
    record_save(current, actor=actor)
    results = results_for(competition, month)
    with scope(community=communities_of(competition)):
        kept = {s.entrant_id: s for s in Standing.objects.filter(round=current)}
        for result in results:
            standing = kept.get(result.entrant.pk) or Standing(
                community_id=result.entrant.community_id, round=current, entrant=result.entrant
            )
            standing.inspections, standing.weeks = result.inspections, len(result.weekly)
            standing.score, standing.lowest_week = result.score, result.lowest_week
            standing.vetoed, standing.veto_reason = result.vetoed, result.veto_reason[:200]
            standing.rank, standing.awarded = result.rank, result.awarded
            record_save(standing, actor=actor)
    return current


@transaction.atomic
def round_confirm(*, round: Round, actor: Actor, now: datetime.datetime | None = None) -> Round:
    """The committee confirms the round's awards as ranked; from now on they stand."""
    lock(round)
    round.refresh_from_db()
    if round.status == RoundStatus.CONFIRMED:
        raise ValidationError(_("The round has already been awarded."))
    if Month.of(round.month).end >= timezone.localdate():
        raise ValidationError(_("A month is awarded after it ends."))
    round.status, round.confirmed_by, round.confirmed_at = RoundStatus.CONFIRMED, actor, now or timezone.now()
    return record_save(round, actor=actor)


def standings_of(rounds: Iterable[Round]) -> dict[int, list[Standing]]:
    """The stored standings of ``rounds`` (any community of theirs), by round id, in rank order."""
    rounds = list(rounds)
    if not rounds:
        return {}
    ids = {c for r in rounds for c in communities_of(r.competition)}
    found: dict[int, list[Standing]] = defaultdict(list)
    with scope(community=list(ids)):
        for s in (
            Standing.objects.filter(round__in=rounds)
            .select_related("entrant__unit")
            .order_by(F("rank").asc(nulls_last=True), "pk")
        ):
            found[s.round_id].append(s)
    return found
