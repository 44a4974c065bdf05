"""Reads of people, party archives, branch life and dues. Call them inside a community scope."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, F, Q, QuerySet, Sum
from django_scopes import scopes_disabled

from sanjian.lib.dates import Month
from sanjian.members.dues import monthly_dues
from sanjian.members.models import (
    DuesBase,
    DuesPayment,
    Meeting,
    MeetingKind,
    PartyMember,
    Person,
    PersonCategory,
)
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community


def person_list(
    *,
    q: str = "",
    unit: int | None = None,
    branch: int | None = None,
    status: str = "",
    category: str = "",
    reach: frozenset[int] | None = None,
    active_only: bool = True,
) -> QuerySet[Person]:
    """People matching the filters; ``reach`` (unit ids) confines a unit-tied role."""
    qs = Person.objects.select_related("unit", "party__branch")
    if active_only:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(employee_number=q) | Q(id_number=q.upper()) | Q(phone=q))
    if unit:
        qs = qs.filter(unit_id=unit)
    if branch:
        qs = qs.filter(party__branch_id=branch, party__is_active=True)
    if status == "none":
        qs = qs.filter(party__isnull=True)
    elif status:
        qs = qs.filter(party__status=status, party__is_active=True)
    if category:
        qs = qs.filter(category=category)
    if reach is not None:
        qs = qs.filter(Q(unit_id__in=reach) | Q(party__branch_id__in=reach))
    return qs


def branches() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True).order_by("sort_order", "name")


def branch_members(branch: Unit, *, members_only: bool = True) -> QuerySet[PartyMember]:
    """The branch's active party members (probationary and full), or everyone in its archive."""
    qs = PartyMember.objects.filter(branch=branch, is_active=True).select_related("person")
    if members_only:
        qs = qs.filter(status__in=MEMBER_STATUSES)
    return qs.order_by("person__name")


# --- The three-level chain -------------------------------------------------------------------


@dataclass
class CadreGroup:
    cadre: Person | None
    members: list[PartyMember] = field(default_factory=list)


@dataclass
class LeaderGroup:
    leader: Person | None
    cadres: list[CadreGroup] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return sum(len(c.members) for c in self.cadres)


@dataclass
class Chain:
    groups: list[LeaderGroup]
    incomplete: list[PartyMember]
    total: int


def member_chain(*, branch: int | None = None) -> Chain:
    """Supervising leader → co-managing cadres → post members, in one query; members missing a
    link are grouped under an empty leader or cadre and listed as incomplete."""
    qs = PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).select_related(
        "person", "leader", "cadre", "post_unit", "branch"
    )
    if branch:
        qs = qs.filter(branch_id=branch)
    members = sorted(qs, key=lambda m: m.person.name)
    tree: dict[int | None, dict[int | None, list[PartyMember]]] = defaultdict(lambda: defaultdict(list))
    people: dict[int, Person] = {}
    for m in members:
        tree[m.leader_id][m.cadre_id].append(m)
        for p in (m.leader, m.cadre):
            if p is not None:
                people[p.pk] = p
    groups = []
    for leader_id in sorted(tree, key=lambda i: (i is None, people[i].name if i else "")):
        cadres = tree[leader_id]
        group = LeaderGroup(people.get(leader_id) if leader_id else None)
        for cadre_id in sorted(cadres, key=lambda i: (i is None, people[i].name if i else "")):
            group.cadres.append(CadreGroup(people.get(cadre_id) if cadre_id else None, cadres[cadre_id]))
        groups.append(group)
    incomplete = [m for m in members if m.missing_links]
    return Chain(groups, incomplete, len(members))


# --- Branch life (三会一课) ---------------------------------------------------------------------

#: How often each kind of meeting must be held: "month" or "quarter".
REQUIRED_FREQUENCY: dict[str, str] = {
    MeetingKind.ASSEMBLY: "quarter",
    MeetingKind.COMMITTEE: "month",
    MeetingKind.GROUP: "month",
    MeetingKind.LESSON: "quarter",
}


@dataclass
class Period:
    label: str
    start: datetime.date
    end: datetime.date
    held: int
    state: str  # "met", "missed", "open" (current, nothing yet), "future"


@dataclass
class KindStanding:
    kind: str
    label: str
    frequency: str
    periods: list[Period]

    @property
    def due(self) -> int:
        """Periods that have ended (or already hold a meeting)."""
        return sum(1 for p in self.periods if p.state in ("met", "missed"))

    @property
    def met(self) -> int:
        return sum(1 for p in self.periods if p.state == "met")

    @property
    def missed(self) -> int:
        return sum(1 for p in self.periods if p.state == "missed")

    @property
    def ok(self) -> bool:
        return self.missed == 0


@dataclass
class BranchYear:
    branch: Unit
    year: int
    kinds: list[KindStanding]
    other: dict[str, int]  # meetings of kinds without a required frequency (theme party days)

    @property
    def ok(self) -> bool:
        return all(k.ok for k in self.kinds)


def periods_of(frequency: str, year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    if frequency == "month":
        return [(str(m), Month(year, m).start, Month(year, m).end) for m in range(1, 13)]
    return [(f"Q{q}", Month(year, 3 * q - 2).start, Month(year, 3 * q).end) for q in range(1, 5)]


def _period_state(held: int, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if held:
        return "met"
    if end < today:
        return "missed"
    return "open" if start <= today else "future"


def meeting_frequency(branch_list: list[Unit], *, year: int, today: datetime.date) -> list[BranchYear]:
    """Whether each branch held each required meeting in each month or quarter of ``year``.

    One query for all branches: a period is met when at least one meeting of the kind was held
    in it; a period that has ended without one is missed; the current one is still open.
    """
    held: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    rows = Meeting.objects.filter(branch__in=branch_list, held_on__year=year).values_list(
        "branch_id", "kind", "held_on"
    )
    for branch_id, kind, day in rows:
        held[(branch_id, kind)].append(day)
    result = []
    labels = dict(MeetingKind.choices)
    for branch in branch_list:
        kinds = []
        for kind, frequency in REQUIRED_FREQUENCY.items():
            days = held.get((branch.pk, kind), [])
            periods = []
            for label, start, end in periods_of(frequency, year):
                n = sum(1 for d in days if start <= d <= end)
                periods.append(Period(label, start, end, n, _period_state(n, start, end, today)))
            kinds.append(KindStanding(kind, str(labels[kind]), frequency, periods))
        other = {
            str(labels[k]): len(held.get((branch.pk, k), []))
            for k in MeetingKind.values
            if k not in REQUIRED_FREQUENCY
        }
        result.append(BranchYear(branch, year, kinds, other))
    return result


def meetings_held_rate(
    branch_list: list[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """For each branch: the share (0–100) of the required meeting periods lying wholly inside
    ``start``..``end`` in which the required meeting was held. None when no period fits."""
    counts: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    rows = Meeting.objects.filter(branch__in=branch_list, held_on__range=(start, end)).values_list(
        "branch_id", "kind", "held_on"
    )
    for branch_id, kind, day in rows:
        counts[(branch_id, kind)].append(day)
    windows = []
    for year in range(start.year, end.year + 1):
        for kind, frequency in REQUIRED_FREQUENCY.items():
            windows += [(kind, s, e) for _l, s, e in periods_of(frequency, year) if s >= start and e <= end]
    result: dict[int, Decimal | None] = {}
    for branch in branch_list:
        if not windows:
            result[branch.pk] = None
            continue
        met = sum(1 for kind, s, e in windows if any(s <= d <= e for d in counts.get((branch.pk, kind), ())))
        result[branch.pk] = (Decimal(met) * 100 / Decimal(len(windows))).quantize(Decimal("0.01"))
    return result


def meetings_attended(member: PartyMember, *, limit: int = 5) -> list[Meeting]:
    """The latest meetings ``member`` was expected at (present or not), newest first: a plain
    member's branch life, read from their own attendance marks."""
    return list(
        Meeting.objects.filter(attendance__member=member)
        .select_related("branch")
        .order_by("-held_on", "-pk")[:limit]
    )


def attended(member: PartyMember, meeting: Meeting) -> bool:
    """Whether ``member`` was expected at ``meeting`` (so may read it)."""
    return meeting.attendance.filter(member=member).exists()


def meeting_list(*, branch: int | None = None, year: int | None = None, kind: str = "") -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("branch")
    if branch:
        qs = qs.filter(branch_id=branch)
    if year:
        qs = qs.filter(held_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


# --- Party dues ----------------------------------------------------------------------------------


def bases_in_force(member_ids: list[int], month: datetime.date) -> dict[int, DuesBase]:
    """The base each member had declared for ``month`` (the latest from that month or before)."""
    found: dict[int, DuesBase] = {}
    qs = DuesBase.objects.filter(member_id__in=member_ids, valid_from__lte=month).order_by(
        "member_id", "-valid_from"
    )
    for base in qs:
        found.setdefault(base.member_id, base)
    return found


def dues_due(member: PartyMember, base: DuesBase | None) -> Decimal | None:
    if base is None:
        return None
    return monthly_dues(
        base.monthly_income,
        retired=member.person.category == PersonCategory.RETIREE,
        category=base.category,
        fixed=base.fixed_amount,
    )


@dataclass
class DuesLine:
    member: PartyMember
    due: Decimal | None
    payment: DuesPayment | None

    @property
    def paid(self) -> Decimal:
        return self.payment.amount_paid if self.payment else Decimal("0.00")

    @property
    def owing(self) -> Decimal | None:
        if self.due is None:
            return None
        return max(self.due - self.paid, Decimal("0.00"))

    @property
    def in_arrears(self) -> bool:
        return self.payment is None or (self.due is not None and self.paid < self.due)


def branch_dues(branch: Unit, month: datetime.date) -> list[DuesLine]:
    """Every member of ``branch`` owing dues for ``month``: due, paid, owing; three queries."""
    month, last_day = Month.of(month).start, Month.of(month).end
    members = [m for m in branch_members(branch) if m.joined_on is None or m.joined_on <= last_day]
    ids = [m.pk for m in members]
    bases = bases_in_force(ids, month)
    payments = {p.member_id: p for p in DuesPayment.objects.filter(member_id__in=ids, month=month)}
    return [DuesLine(m, dues_due(m, bases.get(m.pk)), payments.get(m.pk)) for m in members]


def arrears_counts(month: datetime.date) -> dict[int, int]:
    """Branch id → members who have not paid ``month`` in full, for every branch, in two queries."""
    month, last_day = Month.of(month).start, Month.of(month).end
    members = PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=last_day)
    )
    totals = dict(members.values_list("branch_id").annotate(n=Count("pk")))
    paid = dict(
        DuesPayment.objects.filter(month=month, member__in=members, amount_paid__gte=F("amount_due"))
        .values_list("member__branch_id")
        .annotate(n=Count("pk"))
    )
    return {branch_id: total - paid.get(branch_id, 0) for branch_id, total in totals.items()}


@dataclass
class StatementLine:
    month: datetime.date
    due: Decimal | None
    payment: DuesPayment | None


def dues_statement(member: PartyMember, year: int) -> list[StatementLine]:
    """The member's twelve months of ``year`` in this community: due and paid."""
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    bases = list(DuesBase.objects.filter(member=member).order_by("valid_from"))
    payments = {p.month: p for p in DuesPayment.objects.filter(member=member, month__year=year)}
    lines = []
    for month in months:
        base = next((b for b in reversed(bases) if b.valid_from <= month), None)
        lines.append(StatementLine(month, dues_due(member, base), payments.get(month)))
    return lines


def paid_until(member: PartyMember) -> datetime.date | None:
    """The end of the latest month whose dues are recorded (what a transfer letter states)."""
    last = (
        DuesPayment.objects.filter(member=member).order_by("-month").values_list("month", flat=True).first()
    )
    return Month.of(last).end if last else None


def headline(community: object, start: datetime.date, end: datetime.date) -> dict[str, object]:
    """The members' figures for the reports: party members today (probationary and full), the
    branch meetings held in ``start``..``end`` and their attendance. Runs in the caller's scope."""
    meetings = Meeting.objects.filter(held_on__range=(start, end)).aggregate(
        n=Count("pk"), expected=Sum("expected"), present=Sum("present")
    )
    expected = meetings["expected"] or 0
    return {
        "party_members": PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES).count(),
        "meetings": meetings["n"],
        "attendance": Decimal(meetings["present"] or 0) / expected if expected else None,
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, object]]:
    """``headline``'s ``party_members`` for every community of ``community_ids`` (all in scope),
    in one grouped query: the company page."""
    counts = dict(
        PartyMember.objects.filter(is_active=True, status__in=MEMBER_STATUSES)
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {cid: {"party_members": counts.get(cid, 0)} for cid in community_ids}


def receiving_branches(community: Community) -> list[Unit]:
    """Active branches of every community of ``community``'s company, for the request form."""
    with scopes_disabled():
        return list(
            Unit.objects.filter(
                kind=UnitKind.BRANCH, is_active=True, community__company_id=community.company_id
            )
            .select_related("community")
            .order_by("community__name", "sort_order", "name")
        )


@lru_cache(maxsize=200_000)
def name_initials(name: str) -> str:
    """The pinyin initials of a name, lower case: 孙丽娟 → "slj" (computed, never stored; a name
    is looked up once per process)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(part[:1] for part in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


ID_TAIL = re.compile(r"^[0-9]{3,17}[0-9Xx]$")


def people_search(query: str, *, limit: int = 20) -> list[Person]:
    """Active people matching ``query`` for a picker: by part of the name, by the pinyin
    initials of the name ("slj" finds 孙丽娟), or by the end of the ID number (at least 4
    characters). Inside the request's community scope."""
    query = query.strip()
    if not query:
        return []
    people = Person.objects.filter(is_active=True).select_related("unit").order_by("name", "pk")
    if ID_TAIL.match(query):
        return list(people.filter(id_number__endswith=query.upper())[:limit])
    if query.isascii() and query.isalpha():
        initials = query.lower()
        ids = [
            pk for pk, name in people.values_list("pk", "name") if name_initials(name).startswith(initials)
        ]
        return list(people.filter(pk__in=ids[:limit]))
    return list(people.filter(name__icontains=query)[:limit])
