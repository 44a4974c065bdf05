"""What ``generate_group`` writes besides units, people and ratings: the records the reports read.

Logins and their roles, the window standards and a year of monthly inspections (items,
deductions, scores), a rectification ticket for every bad rating (most closed in time, some late,
a few still open), volunteer activities with sign-ups and verified hours, and health archives.
Volume goes through ``lib.bulk`` (COPY on PostgreSQL); rows come from the caller's seeded
``random.Random`` only, in a fixed order, so a seed gives the same group (ids aside). No history
rows: nothing here was changed by anyone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from random import Random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation

from sanjian.dedication.models import Activity, ActivityCategory, HourLog, SignUp
from sanjian.health import demo as health_demo
from sanjian.health.models import (
    DEFAULT_CONDITIONS,
    ArchiveCondition,
    Condition,
    FollowUpPlan,
    FollowUpRule,
    HealthArchive,
    PlanKind,
    PlanStatus,
    Visit,
    VisitMethod,
)
from sanjian.health.services.plans import plans_due
from sanjian.lib import scoring
from sanjian.lib.bulk import insert_rows, reserve_ids
from sanjian.members.models import PartyMember, PartyPost, PartyStatus, Person, PersonCategory
from sanjian.tenancy.models import Community, Company, Membership
from sanjian.tenancy.roles import Role
from sanjian.windows.demo import STANDARDS, standard_items
from sanjian.windows.models import Criterion, Deduction, Inspection, InspectionLine, Standard

ROLES = (Role.SECRETARY, Role.INSPECTOR, Role.MEDICAL)
DEDUCTION_REASONS = ["现场检查发现一处问题", "抽查记录不全", "职工反映属实", "台账未及时更新"]
ACTIVITIES = [
    ("义务理发", "社区活动室"),
    ("清扫楼道", "职工公寓"),
    ("看望孤寡老人", "退休职工家中"),
    ("义诊咨询", "社区卫生站"),
    ("文明交通劝导", "矿区大门"),
]


@dataclass(frozen=True)
class Window:
    community_id: int
    pk: int
    popularity: float
    network_type: str


def logins(company: Company, communities: list[Community]) -> dict[int, dict[str, int]]:
    """One login per role and community (no usable password), and the company's committee;
    returns community id → role → user id."""
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{company.slug}-admin", password="!")]
        + [User(username=f"{c.slug}-{role}", password="!") for c in communities for role in ROLES]
    )
    Membership.objects.bulk_create(
        [Membership(user=users[0], role=Role.COMPANY_ADMIN, company=company)]
        + [
            Membership(user=users[1 + i * len(ROLES) + j], role=role, community=c)
            for i, c in enumerate(communities)
            for j, role in enumerate(ROLES)
        ]
    )
    return {
        c.pk: {role: users[1 + i * len(ROLES) + j].pk for j, role in enumerate(ROLES)}
        for i, c in enumerate(communities)
    }


def standards(communities: list[Community]) -> dict[tuple[int, str], tuple[int, list[Criterion]]]:
    """The demo's standard of every network type in every community: (community, network type) →
    (standard id, its items in order)."""
    made = Standard.objects.bulk_create(
        Standard(community=c, network_type=kind, title=title)
        for c in communities
        for kind, (title, _items) in STANDARDS.items()
    )
    items = Criterion.objects.bulk_create((item for s in made for item in standard_items(s)), batch_size=2000)
    by_standard: dict[int, list[Criterion]] = {}
    for item in items:
        by_standard.setdefault(item.standard_id, []).append(item)
    return {(s.community_id, s.network_type): (s.pk, by_standard[s.pk]) for s in made}


def inspections(
    rng: Random,
    windows: list[Window],
    standards_of: dict[tuple[int, str], tuple[int, list[Criterion]]],
    users: dict[int, dict[str, int]],
    first: datetime.date,
    until: datetime.date,
    zone: ZoneInfo,
) -> int:
    """A submitted inspection of every window every 30 days, scored from its deductions."""
    plans = []
    for w in windows:
        start = first
        while start <= until:
            day = start + datetime.timedelta(days=rng.randrange(20))
            if day <= until:
                plans.append((w, day))
            start += datetime.timedelta(days=30)
    line_count = sum(len(standards_of[w.community_id, w.network_type][1]) for w, _day in plans)
    next_inspection, next_line = reserve_ids(Inspection, len(plans)), reserve_ids(InspectionLine, line_count)
    heads, lines, deductions = [], [], []
    for w, day in plans:
        standard_id, items = standards_of[w.community_id, w.network_type]
        inspector = users[w.community_id][Role.INSPECTOR]
        scored = []
        for order, item in enumerate(items):
            taken = []
            if not item.is_veto and rng.random() < 0.12:
                taken = [min(Decimal(rng.choice([1, 1, 2, 2, 3])), item.points)]
                reason = rng.choice(DEDUCTION_REASONS)
                deductions.append((w.community_id, next_line, taken[0], reason, "", inspector))
            lines.append(
                (next_line, w.community_id, next_inspection, item.pk, item.points, item.deduction_cap)
                + (item.is_veto, True, False, "", order)
            )
            scored.append(
                scoring.LineScore(item.points, item.deduction_cap, item.is_veto, True, False, taken)
            )
            next_line += 1
        result = scoring.score(scored)
        submitted = datetime.datetime.combine(day, datetime.time(16), tzinfo=zone)
        heads.append(
            (next_inspection, w.community_id, w.pk, standard_id, inspector, day, "submitted", "")
            + (result.applicable, result.earned, result.value, result.vetoed, submitted, submitted)
        )
        next_inspection += 1
    insert_rows(
        Inspection,
        "id community_id window_id standard_id inspector_id inspected_on status note points_applicable "
        "points_earned score vetoed submitted_at created_at",
        heads,
    )
    insert_rows(
        InspectionLine,
        "id community_id inspection_id criterion_id points deduction_cap is_veto applicable "
        "veto_triggered veto_reason sort_order",
        lines,
    )
    insert_rows(Deduction, "community_id line_id points reason photo created_by_id", deductions)
    return len(heads)


def tickets(communities: list[Community], until: datetime.date) -> int:
    """A ticket for every bad rating of the new communities, opened the day of the rating with
    seven days to rectify: those of the last week still open; of the older ones one in twelve
    rectified late, one in forty still open past its deadline, the rest rectified in one to five
    days, called back and closed by the secretary. Chosen from the rating's second, not at
    random, so the same ratings give the same tickets."""
    if connection.vendor == "postgresql":
        second = "CAST(EXTRACT(EPOCH FROM r.created_at) AS bigint)"

        def plus(days: str) -> str:
            return f"(r.day + CAST({days} AS integer))"
    else:
        second = "CAST(strftime('%%s', r.created_at) AS INTEGER)"

        def plus(days: str) -> str:
            return f"date(r.day, '+' || ({days}) || ' days')"

    recent = "r.day > %s"
    still_open = f"({recent} OR {second} %% 40 = 1)"
    late = f"{second} %% 12 = 0"
    done = (
        f"CASE WHEN {still_open} THEN NULL WHEN {late} THEN {plus('9')} ELSE {plus(f'1 + {second} %% 5')} END"
    )
    ids = [c.pk for c in communities]
    with connection.cursor() as cursor:
        sql = (
            "INSERT INTO windows_ticket (community_id, rating_id, window_id, status, opened_on, deadline, "
            "rectification, rectified_on, rectified_by_id, callback_result, callback_note, "
            "called_back_by_id, closed_by_id, close_note) "
            f"SELECT r.community_id, r.id, r.window_id, CASE WHEN {still_open} THEN 'open' ELSE 'closed' END, "
            f"r.day, {plus('7')}, CASE WHEN {still_open} THEN '' ELSE '已整改，向职工说明情况' END, {done}, "
            f"CASE WHEN {still_open} THEN NULL ELSE m.user_id END, "
            f"CASE WHEN {still_open} THEN '' ELSE 'satisfied' END, '', "
            f"CASE WHEN {still_open} THEN NULL ELSE m.user_id END, "
            f"CASE WHEN {still_open} THEN NULL ELSE m.user_id END, '' "
            "FROM windows_rating r JOIN tenancy_membership m "
            "ON m.community_id = r.community_id AND m.role = 'secretary' "
            f"WHERE r.level <= 2 AND r.community_id IN ({', '.join(['%s'] * len(ids))})"
        )
        cursor.execute(sql, [until - datetime.timedelta(days=7)] * sql.count(recent) + ids)
        return cursor.rowcount


def volunteering(
    rng: Random,
    people: dict[int, list[int]],
    users: dict[int, dict[str, int]],
    first: datetime.date,
    until: datetime.date,
    zone: ZoneInfo,
) -> int:
    """An activity every fortnight in every community, 5 to 15 of its people signed up, checked in
    and out, each with an hour log: verified, but pending for the last two weeks."""
    plans = []
    for community_id, persons in people.items():
        if not persons:
            continue
        day = first + datetime.timedelta(days=rng.randrange(14))
        while day <= until:
            title, place = rng.choice(ACTIVITIES)
            start = datetime.datetime.combine(day, datetime.time(rng.choice((8, 9, 14, 15))), tzinfo=zone)
            hours = rng.choice((1, 2, 2, 3))
            chosen = rng.sample(persons, min(len(persons), rng.randint(5, 15)))
            plans.append((community_id, title, place, start, hours, chosen))
            day += datetime.timedelta(days=14)
    next_activity = reserve_ids(Activity, len(plans))
    activities, signups, logs = [], [], []
    for community_id, title, place, start, hours, chosen in plans:
        end = start + datetime.timedelta(hours=hours)
        secretary = users[community_id][Role.SECRETARY]
        activities.append(
            (
                next_activity,
                community_id,
                ActivityCategory.CIVILITY,
                title,
                place,
                start,
                end,
                None,
                chosen[0],
            )
            + ("", False, "", f"g{next_activity}", start - datetime.timedelta(days=3))
        )
        pending = start.date() > until - datetime.timedelta(days=14)
        decided = None if pending else end + datetime.timedelta(days=1)
        for person in chosen:
            signups.append(
                (community_id, next_activity, person, start - datetime.timedelta(days=1), start, end)
            )
            logs.append(
                (
                    community_id,
                    person,
                    None,
                    next_activity,
                    start,
                    end,
                    hours * 60,
                    start.date(),
                    "checkin",
                    "",
                )
                + ("pending" if pending else "verified", "", secretary, None if pending else secretary)
                + (decided, end)
            )
        next_activity += 1
    insert_rows(
        Activity,
        "id community_id category title place starts_at ends_at capacity organiser_id description "
        "is_cancelled cancel_reason checkin_key created_at",
        activities,
    )
    insert_rows(
        SignUp,
        "community_id activity_id person_id signed_up_at checked_in_at checked_out_at",
        signups,
    )
    insert_rows(
        HourLog,
        "community_id person_id branch_id activity_id started_at ended_at minutes worked_on source note "
        "status reject_reason created_by_id decided_by_id decided_at created_at",
        logs,
    )
    return len(logs)


PARTY_SHARE = {PersonCategory.WORKER: 0.15, PersonCategory.RETIREE: 0.2, PersonCategory.RESIDENT: 0.03}
PARTY_POSTS = {
    1: PartyPost.SECRETARY,
    2: PartyPost.ORGANISATION,
    3: PartyPost.PROPAGANDA,
    4: PartyPost.GROUP_LEADER,
}


def party_members(
    rng: Random,
    residents: dict[int, list[Person]],
    branches: dict[int, list[int]],
    windows: list[Window],
    until: datetime.date,
) -> int:
    """About one worker in seven, one retiree in five and a few residents are in the party: retirees
    in the last (retirees') branch, the others spread over the rest; nine in ten full members, the
    others probationary, candidates or activists; the first four of a branch its committee. Each
    has the three-level chain (a supervising leader and a co-managing cadre among the community's
    first people, the post at a window), a few a link missing, as the chain view finds them."""
    windows_of: dict[int, list[int]] = {}
    for w in windows:
        windows_of.setdefault(w.community_id, []).append(w.pk)
    rows = []
    for community_id, persons in residents.items():
        own, leaders, cadres = branches[community_id], persons[:5], persons[5:15] or persons
        counts = [0] * len(own)
        for person in persons:
            if rng.random() >= PARTY_SHARE[person.category]:
                continue
            retiree = person.category == PersonCategory.RETIREE
            branch = len(own) - 1 if retiree else rng.randrange(len(own) - 1)
            counts[branch] += 1
            roll = rng.random()
            status = (
                PartyStatus.FULL
                if roll < 0.9
                else PartyStatus.PROBATIONARY
                if roll < 0.95
                else PartyStatus.CANDIDATE
                if roll < 0.98
                else PartyStatus.ACTIVIST
            )
            joined = datetime.date(
                rng.randint(min(max(person.birth_date.year + 19, 1975), until.year - 2), until.year - 2),
                rng.randint(1, 12),
                1,
            )
            if status == PartyStatus.PROBATIONARY:
                joined = until.replace(day=1) - datetime.timedelta(days=rng.randint(60, 300))
            member = status in (PartyStatus.FULL, PartyStatus.PROBATIONARY)
            leader, cadre = rng.choice(leaders), rng.choice(cadres)
            post = None if retiree else rng.choice(windows_of[community_id])
            missing = rng.random()
            introducers = "、".join(p.name for p in rng.sample(persons, min(2, len(persons))))
            rows.append(
                (community_id, person.pk, own[branch], status, joined - datetime.timedelta(days=900))
                + (joined - datetime.timedelta(days=700),)
                + (None if status == PartyStatus.ACTIVIST else joined - datetime.timedelta(days=380),)
                + (
                    joined if member else None,
                    joined.replace(year=joined.year + 1) if status == PartyStatus.FULL else None,
                )
                + (introducers, PARTY_POSTS.get(counts[branch], ""), counts[branch] == 12, True)
                + (None if leader.pk == person.pk or missing < 0.02 else leader.pk,)
                + (None if cadre.pk == person.pk or 0.02 <= missing < 0.04 else cadre.pk, post)
            )
    return insert_rows(
        PartyMember,
        "community_id person_id branch_id status applied_on activist_on candidate_on joined_on full_on "
        "introducers party_post is_floating is_active leader_id cadre_id post_unit_id",
        rows,
    )


def _conditions(communities: list[int]) -> dict[int, dict[str, tuple[int, FollowUpRule | None]]]:
    """The default conditions and follow-up rules of every community: community → code →
    (condition id, its rule or None)."""
    with translation.override("zh-hans"):
        made = Condition.objects.bulk_create(
            Condition(community_id=c, code=d.code, name=str(d.name), sort_order=d.sort_order)
            for c in communities
            for d in DEFAULT_CONDITIONS
        )
    defaults = {d.code: d for d in DEFAULT_CONDITIONS}
    rules = FollowUpRule.objects.bulk_create(
        FollowUpRule(
            community_id=c.community_id,
            condition=c,
            visits_per_year=defaults[c.code].visits_per_year,
            annual_check=defaults[c.code].annual_check,
        )
        for c in made
        if defaults[c.code].visits_per_year is not None
    )
    rule_of = {r.condition_id: r for r in rules}
    found: dict[int, dict[str, tuple[int, FollowUpRule | None]]] = {}
    for c in made:
        found.setdefault(c.community_id, {})[c.code] = (c.pk, rule_of.get(c.pk))
    return found


def archives(
    rng: Random,
    residents: dict[int, list[Person]],
    users: dict[int, dict[str, int]],
    first: datetime.date,
    until: datetime.date,
    zone: ZoneInfo,
) -> dict[str, int]:
    """A health archive for about four people in ten under the community's doctor, with the
    conditions of their age, sex and work (``health.demo.condition_codes``: hypertension, diabetes,
    pneumoconiosis among the miners…), the follow-up plans their rules make for each year of the
    period (``health.services.plans.plans_due``), and the visits that fulfil them: most in their
    period, some late, one in ten missed (overdue), none for an archive lost to follow-up; the
    yearly check done at a visit for seven in ten."""
    conditions = _conditions(list(residents))
    with translation.override("zh-hans"):
        names = {d.code: str(d.name) for d in DEFAULT_CONDITIONS}
    chosen = []
    for community_id, persons in residents.items():
        for n, person in enumerate(p for p in persons if rng.random() < 0.4):
            opened = until - datetime.timedelta(days=rng.randrange(5 * 365))
            lost = rng.random() < 0.05
            codes = health_demo.condition_codes(person, rng, until)
            chosen.append((community_id, person, n, opened, lost, codes))
    next_archive = reserve_ids(HealthArchive, len(chosen))
    heads, diagnoses, plans, visits = [], [], [], []
    for archive_id, (community_id, person, n, opened, lost, codes) in enumerate(chosen, start=next_archive):
        doctor, own = users[community_id][Role.MEDICAL], conditions[community_id]
        heads.append(
            (archive_id, community_id, person.pk, f"JK{n + 1:06d}", rng.choice(("A", "B", "AB", "O", "")))
            + ("", "、".join(names[c] for c in codes))
            + ("；".join(rng.choice(health_demo.MEDICINES[c]) for c in codes if c in health_demo.MEDICINES),)
            + (Decimal(rng.randrange(1500, 1850)) / 10, doctor, "lost" if lost else "managed", "", opened, "")
        )
        due: dict[tuple[datetime.date, datetime.date], list[list]] = {}
        checks: dict[int, list[list]] = {}
        for code in codes:
            condition_id, rule = own[code]
            diagnoses.append(
                (
                    community_id,
                    archive_id,
                    condition_id,
                    opened - datetime.timedelta(days=rng.randint(30, 3000)),
                )
                + (opened,)
            )
            if rule is None:
                continue
            diagnosis = ArchiveCondition(
                community_id=community_id,
                archive_id=archive_id,
                condition_id=condition_id,
                followed_since=opened,
            )
            for year in range(first.year, until.year + 1):
                for plan in plans_due(diagnosis, rule, year, doctor_id=doctor):
                    if plan.due_date < first:
                        continue
                    row = [
                        community_id,
                        archive_id,
                        condition_id,
                        plan.kind,
                        plan.period_start,
                        plan.due_date,
                    ]
                    row += [doctor, PlanStatus.OPEN, None, None]
                    plans.append(row)
                    if plan.kind == PlanKind.CHECK:
                        checks.setdefault(year, []).append(row)
                    else:
                        due.setdefault((plan.period_start, plan.due_date), []).append(row)
        done_in: dict[int, int] = {}  # year → the index of its last visit
        for (start, end), rows in sorted(due.items()):
            when = _visit_day(rng, start, end, until)
            if lost or when is None:
                continue
            fields = health_demo.visit_fields(set(codes), rng)
            method = rng.choice([VisitMethod.CLINIC, VisitMethod.HOME])
            visits.append([community_id, archive_id, when, method, doctor, fields, False])
            done_in[when.year] = len(visits) - 1
            for row in rows:
                row[7:10] = [PlanStatus.DONE, len(visits) - 1, when]
        for year, rows in checks.items():
            if year in done_in and rng.random() < 0.7:
                visit = visits[done_in[year]]
                visit[6] = True
                for row in rows:
                    row[7:10] = [PlanStatus.DONE, done_in[year], visit[2]]
    next_visit = reserve_ids(Visit, len(visits))
    for row in plans:
        if row[8] is not None:
            row[8] += next_visit
    insert_rows(
        HealthArchive,
        "id community_id person_id number blood_type allergies past_history medications height_cm "
        "doctor_id status end_reason opened_on note",
        heads,
    )
    insert_rows(
        ArchiveCondition, "community_id archive_id condition_id diagnosed_on followed_since", diagnoses
    )
    insert_rows(
        Visit,
        "id community_id archive_id date method doctor_id systolic diastolic fasting_glucose weight_kg spo2 "
        "adherence classification medication_changed medications referral referral_to referral_reason "
        "annual_check outcome end_reason next_date note created_at",
        (
            (next_visit + i, community_id, archive_id, when, method, doctor)
            + tuple(f.get(k) for k in ("systolic", "diastolic", "fasting_glucose", "weight_kg", "spo2"))
            + (f["adherence"], f["classification"], False, "", False, "", "", check, "continue", "", None, "")
            + (datetime.datetime.combine(when, datetime.time(10), tzinfo=zone),)
            for i, (community_id, archive_id, when, method, doctor, f, check) in enumerate(visits)
        ),
    )
    insert_rows(
        FollowUpPlan,
        "community_id archive_id condition_id kind period_start due_date doctor_id status visit_id done_on",
        plans,
    )
    return {
        "health archives": len(heads),
        "recorded conditions": len(diagnoses),
        "follow-up plans": len(plans),
        "visits": len(visits),
    }


def _visit_day(
    rng: Random, start: datetime.date, end: datetime.date, until: datetime.date
) -> datetime.date | None:
    """When a follow-up due in ``start``..``end`` was made, or None (missed, or not yet)."""
    if start > until:
        return None
    roll = rng.random()
    if roll < 0.1:
        return None  # missed: overdue once its period ends
    if roll < 0.17:
        when = end + datetime.timedelta(days=rng.randint(3, 40))
    else:
        when = start + datetime.timedelta(days=rng.randint(0, (min(end, until) - start).days))
    if when > until or (end >= until and rng.random() < 0.5):
        return None
    return when
