"""阳邑社区's roster: a few hundred people, party members in every branch with their three-level
chain (a few deliberately missing a link), two years of 三会一课 and of party dues with some
arrears; and a handful of people in 郭二庄社区, so that a transfer between communities can be tried.

Everything is generated from a seeded random generator and created only where missing (people
by ID number, meetings by branch, kind and day, payments by member and month), in bulk.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sanjian.lib.dates import Month, months_between
from sanjian.lib.demo import DemoContext
from sanjian.members.dues import monthly_dues
from sanjian.members.models import (
    Attendance,
    DuesBase,
    DuesPayment,
    Meeting,
    MeetingKind,
    PartyMember,
    PartyPost,
    PartyStatus,
    Person,
    PersonCategory,
    Transfer,
    TransferKind,
)
from sanjian.members.validators import check_character
from sanjian.org.models import Linkage, Unit, UnitKind

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "建国军华平明红霞丽娟伟强磊敏静秀英桂兰志刚海燕春梅玉兰文杰永红晓东卫东丽萍国庆振华秋菊淑珍德胜保国"
POSTS = [
    "售饭员",
    "厨师",
    "面点师",
    "保洁员",
    "服务员",
    "维修工",
    "司机",
    "药剂师",
    "护士",
    "收费员",
    "班组长",
    "库管员",
]
TOPICS = {
    MeetingKind.ASSEMBLY: ["学习贯彻党的二十届四中全会精神", "民主评议党员", "讨论发展对象", "年度工作总结"],
    MeetingKind.COMMITTEE: ["研究本月支部工作", "党费收缴情况通报", "窗口服务问题整改", "研究志愿服务安排"],
    MeetingKind.GROUP: ["学习《党章》", "交流岗位服务心得", "学习先进典型事迹", "讨论群众意见"],
    MeetingKind.LESSON: [
        "支部书记讲党课：立足岗位作奉献",
        "党史专题党课",
        "廉洁从业专题党课",
        "服务群众专题党课",
    ],
    MeetingKind.THEME_DAY: ["“讲文明树新风”志愿服务", "重温入党誓词", "走访慰问困难职工"],
}
ABSENCE = ["倒班", "病假", "外出学习", "事假"]
AREA = "130481"  # 武安市
MEMBERS_PER_BRANCH = 24
PEOPLE = 320


def id_number(rng: random.Random, born: datetime.date, sequence: int, male: bool) -> str:
    seq = (sequence % 499) * 2 + (1 if male else 0)
    first17 = f"{AREA}{born:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in used:
            used.add(name)
            return name


def _people_plan(ctx: DemoContext, units: dict[str, Unit]) -> list[dict]:
    """Every demo person of 阳邑社区, the same list on every run."""
    rng = random.Random(2026)
    used = {ctx.users[u].first_name for u in ("secretary", "office", "supervisor", "window", "member")}
    windows = [u for code, u in units.items() if u.kind == UnitKind.WINDOW]
    offices = [u for u in units.values() if u.kind == UnitKind.OFFICE]
    supervisors = [u for u in units.values() if u.kind == UnitKind.SUPERVISOR]
    named = {  # the demo logins, so that each acts as a person
        0: ("secretary", units["party-work"], "党总支书记", "branch-1"),
        1: ("office", units["operations"], "部长", "branch-1"),
        2: ("supervisor", units["catering"], "主任", "branch-2"),
        3: ("window", units["canteen-1"], "窗口负责人", "branch-2"),
        4: ("member", units["canteen-1"], "售饭员", "branch-2"),
    }
    plan = []
    for i in range(PEOPLE):
        male = rng.random() < 0.55
        retired = i >= PEOPLE - 40
        born = datetime.date(
            rng.randint(1948, 1962) if retired else rng.randint(1966, 2002),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        if i in named:
            login, unit, post, _branch = named[i]
            name = ctx.users[login].first_name
            male = login in ("secretary", "office")
        else:
            login, name = None, _name(rng, used)
            unit = rng.choice(windows) if i % 3 else rng.choice(offices + supervisors + windows)
            post = rng.choice(POSTS)
        plan.append(
            {
                "name": name,
                "login": login,
                "gender": "male" if male else "female",
                "birth_date": born,
                "id_number": id_number(rng, born, i, male),
                "phone": f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "employee_number": "" if retired else f"HK{10000 + i}",
                "category": PersonCategory.RETIREE if retired else PersonCategory.WORKER,
                "unit": None if retired else unit,
                "post": "" if retired else post,
                "dormitory_room": f"{rng.randint(1, 6)}-{rng.randint(1, 5)}{rng.randint(1, 20):02d}"
                if rng.random() < 0.3
                else "",
            }
        )
    return plan


def _people(ctx: DemoContext, units: dict[str, Unit]) -> list[Person]:
    plan = _people_plan(ctx, units)
    existing = {p.id_number: p for p in Person.objects.filter(community=ctx.community)}
    new = []
    for row in plan:
        if row["id_number"] in existing:
            continue
        login = row.pop("login")
        person = Person(community=ctx.community, user=ctx.users[login] if login else None, **row)
        new.append(person)
        row["login"] = login
    if new:
        bulk_create_with_history(new, Person, batch_size=500)
    by_id = {p.id_number: p for p in Person.objects.filter(community=ctx.community)}
    return [by_id[row["id_number"]] for row in plan]


def _branch_of(person: Person, index: int, units: dict[str, Unit]) -> str:
    if person.category == PersonCategory.RETIREE:
        return "branch-6"
    unit = person.unit
    network = unit.parent.code if unit and unit.kind == UnitKind.WINDOW and unit.parent else ""
    by_network = {
        "canteen": "branch-2",
        "apartments": "branch-3",
        "property": "branch-4",
        "mine-area": "branch-4",
        "medical": "branch-5",
    }
    return by_network.get(network, "branch-1")


def _members(ctx: DemoContext, units: dict[str, Unit], people: list[Person]) -> list[PartyMember]:
    rng = random.Random(11643)
    today = timezone.localdate()
    existing = {m.person_id: m for m in PartyMember.objects.filter(community=ctx.community)}
    # Supervising leaders: the first people of each office department; co-managing cadres: of the supervising units.
    leaders = {
        u.code: next((p for p in people if p.unit_id == u.pk), None)
        for u in units.values()
        if u.kind == UnitKind.OFFICE
    }
    cadres = {
        u.code: [p for p in people if p.unit_id == u.pk][:2]
        for u in units.values()
        if u.kind == UnitKind.SUPERVISOR
    }
    leaders["operations"] = people[1]
    cadres["catering"] = [people[2], *cadres["catering"][:1]]
    linkage = {
        lk.window_id: lk
        for lk in Linkage.objects.filter(community=ctx.community).select_related("office", "supervisor")
    }
    counts: dict[str, int] = {}
    new = []
    for i, person in enumerate(people):
        code = _branch_of(person, i, units)
        if counts.get(code, 0) >= MEMBERS_PER_BRANCH and i > 4:
            continue
        if rng.random() < 0.35 and i > 4:
            continue
        counts[code] = counts.get(code, 0) + 1
        n = counts[code]
        joined = datetime.date(
            rng.randint(max(person.birth_date.year + 19, 1975), today.year - 2), rng.randint(1, 12), 1
        )
        status = PartyStatus.FULL
        if n in (7, 15):
            status = PartyStatus.PROBATIONARY
            joined = today.replace(day=1) - datetime.timedelta(days=rng.randint(60, 300))
        elif n in (21, 22):
            status = PartyStatus.ACTIVIST if n == 21 else PartyStatus.CANDIDATE
        post = {
            1: PartyPost.SECRETARY,
            2: PartyPost.ORGANISATION,
            3: PartyPost.PROPAGANDA,
            4: PartyPost.GROUP_LEADER,
        }.get(n, "")
        if (
            i == 4
        ):  # the demo login "member" is a plain party member (the committee is a role given on purpose)
            post = ""
        window = (
            person.unit
            if person.unit and person.unit.kind == UnitKind.WINDOW
            else rng.choice([u for u in units.values() if u.kind == UnitKind.WINDOW])
        )
        link = linkage.get(window.pk)
        leader = leaders.get(link.office.code) if link else None
        cadre_choices = cadres.get(link.supervisor.code) if link else None
        cadre = rng.choice(cadre_choices) if cadre_choices else None
        member = PartyMember(
            community=ctx.community,
            person=person,
            branch=units[code],
            status=status,
            applied_on=joined - datetime.timedelta(days=900),
            activist_on=joined - datetime.timedelta(days=700),
            candidate_on=joined - datetime.timedelta(days=380),
            joined_on=joined if status in (PartyStatus.FULL, PartyStatus.PROBATIONARY) else None,
            full_on=joined.replace(year=joined.year + 1) if status == PartyStatus.FULL else None,
            introducers=f"{people[(i + 7) % len(people)].name}、{people[(i + 13) % len(people)].name}",
            party_post=post,
            is_floating=n == 12,
            leader=None if leader == person else leader,
            cadre=None if cadre == person else cadre,
            post_unit=window,
        )
        if status == PartyStatus.ACTIVIST:
            member.candidate_on = None
        # A few chains are deliberately incomplete, to be found on the chain view.
        if n == 9:
            member.cadre = None
        if n == 17 and code in ("branch-3", "branch-5"):
            member.leader = None
        if n == 19 and code == "branch-4":
            member.post_unit = None
        if person.pk not in existing:  # decided after every draw, so that a second run draws the same
            new.append(member)
    if new:
        bulk_create_with_history(new, PartyMember, batch_size=500)
    return list(
        PartyMember.objects.filter(community=ctx.community, is_active=True).select_related("person", "branch")
    )


def _months(today: datetime.date) -> list[datetime.date]:
    """The first days of the months from last January up to this month."""
    return [month.start for month in months_between(Month(today.year - 1, 1), Month.of(today))]


def _meetings(ctx: DemoContext, units: dict[str, Unit], members: list[PartyMember]) -> None:
    rng = random.Random(1921)
    today = timezone.localdate()
    branches = [units[f"branch-{i}"] for i in range(1, 7)]
    existing = set(
        Meeting.objects.filter(community=ctx.community).values_list("branch_id", "kind", "held_on")
    )
    planned: list[Meeting] = []
    for branch in branches:
        for month in _months(today):
            quarter_end = month.month % 3 == 0
            kinds = [MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.THEME_DAY]
            if quarter_end:
                kinds += [MeetingKind.ASSEMBLY, MeetingKind.LESSON]
            for kind in kinds:
                # The retirees' branch skips some group meetings; the property branch one committee.
                if branch.code == "branch-6" and kind == MeetingKind.GROUP and month.month in (2, 7):
                    continue
                if (
                    branch.code == "branch-4"
                    and kind == MeetingKind.COMMITTEE
                    and month.month == 8
                    and month.year == today.year - 1
                ):
                    continue
                day, topic = month.replace(day=rng.randint(5, 25)), rng.choice(TOPICS[kind])
                if day > today or (branch.pk, kind.value, day) in existing:
                    continue
                planned.append(
                    Meeting(
                        community=ctx.community,
                        branch=branch,
                        kind=kind,
                        held_on=day,
                        topic=topic,
                        location="社区党员活动室",
                        minutes="会议由支部书记主持，传达学习了上级精神，结合岗位实际开展讨论，形成会议决定。",
                    )
                )
    if not planned:
        return
    by_branch: dict[int, list[PartyMember]] = {}
    for m in members:
        if m.is_member:
            by_branch.setdefault(m.branch_id, []).append(m)
    for meeting in planned:
        expected = [
            m for m in by_branch.get(meeting.branch_id, []) if m.joined_on and m.joined_on <= meeting.held_on
        ]
        meeting.expected = len(expected)
        meeting._marks = [(m, rng.random() > 0.12) for m in expected]
        meeting.present = sum(1 for _m, present in meeting._marks if present)
    Meeting.objects.bulk_create(planned, batch_size=500)
    marks = [
        Attendance(
            community=ctx.community,
            meeting=meeting,
            member=m,
            present=present,
            absence_reason="" if present else rng.choice(ABSENCE),
        )
        for meeting in planned
        for m, present in meeting._marks
    ]
    Attendance.objects.bulk_create(marks, batch_size=1000)


def _dues(ctx: DemoContext, members: list[PartyMember]) -> None:
    rng = random.Random(1927)
    today = timezone.localdate()
    months = _months(today)
    first = months[0]
    paying = [m for m in members if m.is_member]
    have_base = set(DuesBase.objects.filter(community=ctx.community).values_list("member_id", flat=True))
    bases = {}
    new_bases = []
    for m in paying:
        retired = m.person.category == PersonCategory.RETIREE
        income = Decimal(rng.randrange(2600, 4800, 50) if retired else rng.randrange(2800, 12500, 50))
        bases[m.pk] = income
        if m.pk not in have_base:
            new_bases.append(
                DuesBase(community=ctx.community, member=m, valid_from=first, monthly_income=income)
            )
    DuesBase.objects.bulk_create(new_bases)
    paid = set(DuesPayment.objects.filter(community=ctx.community).values_list("member_id", "month"))
    # Some members have not paid this month yet, a few owe for longer.
    late = {m.pk for m in paying if rng.random() < 0.12}
    long_late = {m.pk for m in paying if rng.random() < 0.03}
    payers = [m.person for m in paying[:10]]
    new = []
    for m in paying:
        due = monthly_dues(bases[m.pk], retired=m.person.category == PersonCategory.RETIREE)
        for month in months:
            if m.joined_on and m.joined_on > month:
                continue
            if (month == months[-1] and m.pk in late) or (month >= months[-3] and m.pk in long_late):
                continue
            on_behalf, day = rng.random() < 0.05, rng.randint(3, 20)
            if (m.pk, month) in paid:
                continue
            new.append(
                DuesPayment(
                    community=ctx.community,
                    member=m,
                    branch=m.branch,
                    month=month,
                    amount_due=due,
                    amount_paid=due,
                    paid_on=min(month + datetime.timedelta(days=day), today),
                    paid_by=payers[day % len(payers)]
                    if on_behalf and payers[day % len(payers)] != m.person
                    else None,
                    recorded_by=ctx.users["secretary"],
                )
            )
    DuesPayment.objects.bulk_create(new, batch_size=1000)


def _other_community(ctx: DemoContext) -> None:
    c = ctx.other_community
    if Person.objects.filter(community=c).exists():
        return
    rng = random.Random(1949)
    branch = Unit.objects.get(community=c, code="branch-2")
    used: set[str] = set()
    people = []
    for i in range(12):
        male = i % 2 == 0
        born = datetime.date(rng.randint(1970, 1998), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                community=c,
                name=_name(rng, used),
                gender="male" if male else "female",
                birth_date=born,
                id_number=id_number(rng, born, 600 + i, male),
                employee_number=f"GE{100 + i}",
            )
        )
    bulk_create_with_history(people, Person)
    members = [
        PartyMember(
            community=c,
            person=p,
            branch=branch,
            status=PartyStatus.FULL,
            joined_on=datetime.date(2015, 7, 1),
            full_on=datetime.date(2016, 7, 1),
            party_post=PartyPost.SECRETARY if i == 0 else "",
        )
        for i, p in enumerate(Person.objects.filter(community=c).order_by("pk"))
    ]
    bulk_create_with_history(members, PartyMember)


def _transfer(ctx: DemoContext, units: dict[str, Unit], members: list[PartyMember]) -> None:
    """One transfer waiting for the receiving branch: from the catering branch to the apartments branch."""
    member = next(
        (
            m
            for m in members
            if m.branch.code == "branch-2" and not m.party_post and m.is_member and m.person.user_id is None
        ),
        None,
    )
    if member is None or Transfer.objects.filter(community=ctx.community).exists():
        return
    now = timezone.now()
    Transfer.objects.create(
        community=ctx.community,
        kind=TransferKind.INSIDE,
        member=member,
        from_branch=member.branch,
        to_community=ctx.community,
        to_branch=units["branch-3"],
        reason="调入职工公寓工作",
        requested_by=ctx.users["secretary"],
        sender_approved_by=ctx.users["secretary"],
        sender_approved_at=now,
    )


def load(ctx: DemoContext) -> None:
    units = ctx.extra["units"]
    people = _people(ctx, units)
    members = _members(ctx, units, people)
    _meetings(ctx, units, members)
    _dues(ctx, members)
    _other_community(ctx)
    _transfer(ctx, units, members)
