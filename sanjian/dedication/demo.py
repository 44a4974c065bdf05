"""阳邑社区's dedication work over the last twelve months, as the report counts it.

6 party members' dedication projects and 8 double-hundred projects, each with its monthly or
occasional activities, and the monthly "讲文明树新风" civility activities; the hours of the people
who took part, the party members' verified hours of the report's January to October a little
over 2,000, the last 20 days' still pending and a few rejected with a reason; benefit entries a
little over 50,000 yuan, all in those months; a few
activities to come; four certificates of the year.

The demo login ``member`` (孙丽娟) leads the canteen's project and organises its activities and
some civility activities, has verified hours of her own, and has pending logs to verify.

Projects, activities, benefit, rejections, one correction and the certificates go through the
services. The thousand logs are inserted in bulk as ``log_create`` and ``log_decide`` would write
them (through the services they took some 20 seconds): the plan keeps every rule of a log, and
``tests/test_demo.py`` checks each with ``check_log``. The plan depends on the seeded generator
and on day offsets from today only, so its totals are the same on every day it is loaded.
Idempotent: projects are looked up by name; activities with their logs, benefit entries and
certificates are made only when the community has none.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sanjian.dedication import selectors
from sanjian.dedication.models import (
    Activity,
    ActivityCategory,
    BenefitEntry,
    BenefitKind,
    Certificate,
    HourLog,
    LogSource,
    LogStatus,
    Project,
    ProjectKind,
    ProjectStatus,
    SignUp,
)
from sanjian.dedication.services import activities as activity_services
from sanjian.dedication.services import hours as hour_services
from sanjian.dedication.services import projects as project_services
from sanjian.dedication.services.certificates import certificate_issue
from sanjian.lib.dates import Month
from sanjian.lib.demo import DemoContext
from sanjian.members.models import PartyMember, PartyPost, Person
from sanjian.members.models.people import MEMBER_STATUSES
from sanjian.org.models import Unit

TZ = timezone.get_default_timezone()

#: Verified party members' hours are trimmed to at most this (the report: "more than 2,000").
CADRE_HOURS_CAP = 2046
#: Logs of activities that ended less than this many days ago are still waiting for verification.
PENDING_DAYS = 20

# name, goal, branch codes, target hours, target benefit, hourly value, activity titles and places,
# (hour, minute) of the start, length in minutes, activities a year
DEDICATION = [
    (
        "家电义务维修",
        "党员维修小分队每月走进家属区，为职工家属和困难老人义务维修家电、水电。",
        ["branch-4", "branch-1"],
        400,
        9000,
        "25.00",
        [("家电义务维修进家属区", "家属区广场"), ("上门义务维修家电", "家属区各楼院")],
        (8, 30),
        180,
        12,
    ),
    (
        "楼道清洁美化",
        "党员包楼道，清理楼道杂物和小广告，保持公寓楼道整洁。",
        ["branch-3"],
        300,
        8000,
        None,
        [("楼道清理杂物", "职工公寓1—6号楼"), ("清理楼道小广告", "职工公寓")],
        (14, 30),
        150,
        12,
    ),
    (
        "困难职工帮扶",
        "党员结对走访困难职工和大病家庭，帮助解决实际困难。",
        ["branch-1", "branch-6"],
        200,
        4000,
        None,
        [("走访慰问困难职工", "困难职工家中"), ("帮扶困难家庭", "家属区")],
        (9, 0),
        150,
        12,
    ),
    (
        "社区绿化美化",
        "春季补植、夏秋修剪，党员责任区绿地无杂草、无垃圾。",
        ["branch-4", "branch-3"],
        250,
        5000,
        "20.00",
        [("义务植绿补绿", "社区中心绿地"), ("修剪绿篱清理杂草", "家属区绿化带")],
        (7, 30),
        180,
        10,
    ),
    (
        "安全隐患排查",
        "党员带头排查家属楼用电、燃气和消防隐患，夜间巡查重点部位。",
        ["branch-4", "branch-1"],
        300,
        7000,
        None,
        [("家属楼安全隐患排查", "家属区各楼栋"), ("夜间安全巡查", "矿区家属区")],
        (22, 0),
        210,
        12,
    ),
    (
        "老年人代办服务",
        "为高龄、独居老人代购药品、代缴费用、代办证件。",
        ["branch-5", "branch-6"],
        250,
        4500,
        None,
        [("为独居老人代购代缴", "社区服务站"), ("上门代办服务", "老人家中")],
        (9, 30),
        150,
        12,
    ),
]
DOUBLE_HUNDRED = [
    (
        "百名党员联百户",
        "百名党员每人联系一户职工家庭，听意见、解难题。",
        ["branch-1", "branch-2", "branch-3"],
        160,
        0,
        None,
        [("党员入户走访", "家属区")],
        (15, 0),
        120,
        6,
    ),
    (
        "百件实事进家门",
        "一年为职工群众办成一百件实事：疏通下水、修补门窗、更换灯具。",
        ["branch-4"],
        150,
        4000,
        None,
        [("为群众办实事", "家属区各楼院")],
        (8, 30),
        180,
        6,
    ),
    (
        "义务理发进楼院",
        "党员理发志愿者每两月进楼院为老人和职工义务理发。",
        ["branch-6", "branch-3"],
        120,
        5000,
        None,
        [("义务理发", "老年活动中心")],
        (9, 0),
        150,
        6,
    ),
    (
        "健康义诊进社区",
        "医疗服务党支部党员为居民义诊，测血压血糖，讲健康知识。",
        ["branch-5"],
        120,
        3000,
        None,
        [("健康义诊", "社区广场")],
        (8, 30),
        180,
        6,
    ),
    (
        "金秋助学",
        "党员结对资助困难职工子女上学，送学习用品。",
        ["branch-1", "branch-6"],
        60,
        0,
        None,
        [("金秋助学走访", "困难职工家中")],
        (15, 0),
        120,
        3,
    ),
    (
        "便民服务日",
        "每月一次磨刀、修鞋、缝补、修车，便民服务不出家属区。",
        ["branch-4", "branch-6"],
        160,
        3000,
        None,
        [("便民服务日", "家属区广场")],
        (8, 0),
        180,
        6,
    ),
    (
        "党员帮厨送餐",
        "餐饮服务党支部党员义务帮厨，为高龄独居老人送餐上门。",
        ["branch-2"],
        150,
        2500,
        "18.00",
        [("义务帮厨", "职工食堂"), ("为独居老人送餐", "家属区")],
        (10, 30),
        150,
        8,
    ),
    (
        "冬季清雪保畅通",
        "雪后第一时间清扫家属区主干道和楼门口积雪，保障职工出行安全。",
        ["branch-2", "branch-3", "branch-4"],
        80,
        2000,
        None,
        [("党员义务清雪", "家属区主干道")],
        (7, 0),
        150,
        3,
    ),
]
CIVILITY = [
    ("“讲文明树新风”文明劝导", "职工食堂", (11, 0), 120),
    ("“讲文明树新风”垃圾分类宣传", "家属区广场", (9, 0), 120),
    ("“讲文明树新风”清理小广告", "家属区各楼院", (14, 30), 120),
    ("“讲文明树新风”文明交通劝导", "矿区门口", (7, 0), 90),
]
# project name, kind, days ago, count, price, what was counted, how the price is known
BENEFIT = [
    ("家电义务维修", BenefitKind.REPAIRS, 300, 46, "80", "台次家电", "按市场维修价每台次"),
    ("家电义务维修", BenefitKind.REPAIRS, 120, 38, "80", "台次家电", "按市场维修价每台次"),
    ("家电义务维修", BenefitKind.SAVINGS, 66, 28, "45", "个旧件修复再用", "按新配件采购价每个"),
    ("楼道清洁美化", BenefitKind.SERVICES, 250, 120, "30", "车楼道杂物清运", "按物业清运费每车"),
    ("楼道清洁美化", BenefitKind.SAVINGS, 90, 520, "6", "平方米楼道粉刷", "按外包粉刷价每平方米"),
    ("困难职工帮扶", BenefitKind.SERVICES, 200, 24, "150", "户困难职工帮扶", "按帮扶物资折价每户"),
    ("社区绿化美化", BenefitKind.SAVINGS, 230, 1200, "2.5", "株绿篱补植", "按苗木栽植外包价每株"),
    ("安全隐患排查", BenefitKind.REPAIRS, 180, 36, "120", "处老化线路更换", "按电工维修价每处"),
    ("安全隐患排查", BenefitKind.REPAIRS, 85, 52, "45", "具消防器材维修", "按检修外包价每具"),
    ("老年人代办服务", BenefitKind.SERVICES, 150, 210, "20", "件代办事项", "按跑腿服务价每件"),
    ("百件实事进家门", BenefitKind.REPAIRS, 160, 64, "60", "处下水道疏通", "按疏通服务价每处"),
    ("义务理发进楼院", BenefitKind.SERVICES, 100, 480, "10", "人次理发", "按理发店价每人次"),
    ("健康义诊进社区", BenefitKind.SERVICES, 140, 620, "5", "人次血压血糖检测", "按药店检测价每人次"),
    ("便民服务日", BenefitKind.SERVICES, 70, 350, "8", "件磨刀修鞋缝补", "按摊点价每件"),
    ("党员帮厨送餐", BenefitKind.SERVICES, 75, 1200, "2", "份送餐上门", "按外卖配送费每份"),
    ("冬季清雪保畅通", BenefitKind.SAVINGS, 280, 18000, "0.1", "平方米道路清雪", "按机械清雪外包价每平方米"),
]
REJECT_REASONS = [
    "签到后提前离开，实际服务时长与现场签到表不符，请按实际时长重新申报。",
    "经组织者核实，当天未到活动现场。",
    "所报服务内容与本次活动无关。",
]
NOTES = ["", "", "", "维修电器", "清理杂物", "入户走访", "宣传讲解", "协助组织"]


CORRECTION_REASON = "按现场签到表更正结束时间"


@dataclass
class Plan:
    """One activity of the plan and the logs of the people who took part."""

    activity: Activity
    logs: list[dict[str, Any]] = field(default_factory=list)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def _projects(
    ctx: DemoContext, units: dict[str, Unit], secretaries: dict[int, Person], lead: Person
) -> list[tuple[Project, tuple]]:
    today = timezone.localdate()
    existing = {p.name: p for p in Project.objects.filter(community=ctx.community)}
    result = []
    for kind, specs in ((ProjectKind.DEDICATION, DEDICATION), (ProjectKind.DOUBLE_HUNDRED, DOUBLE_HUNDRED)):
        for spec in specs:
            name, goal, codes, target_hours, target_benefit, hourly = spec[:6]
            project = existing.get(name)
            if project is None:
                finished = name == "冬季清雪保畅通"
                project = Project(
                    name=name,
                    kind=kind,
                    goal=goal,
                    leader=lead if name == "党员帮厨送餐" else secretaries[units[codes[0]].pk],
                    starts_on=today - datetime.timedelta(days=370),
                    ends_on=today - datetime.timedelta(days=20) if finished else None,
                    target_hours=Decimal(target_hours),
                    target_benefit=Decimal(target_benefit),
                    hourly_value=Decimal(hourly) if hourly else None,
                    status=ProjectStatus.COMPLETED if finished else ProjectStatus.ACTIVE,
                    description=goal,
                )
                project_services.project_save(
                    community=ctx.community,
                    project=project,
                    branches=[units[c] for c in codes],
                    actor=ctx.users["secretary"],
                )
            result.append((project, spec))
    return result


def _people(ctx: DemoContext) -> tuple[dict[int, list[Person]], dict[int, Person], list[Person]]:
    """The party members of each branch (leaving out the demo logins other than ``member``, who
    would otherwise verify hours of their own activities), each branch's secretary, and some
    residents without a party archive."""
    members = (
        PartyMember.objects.filter(community=ctx.community, is_active=True, status__in=MEMBER_STATUSES)
        .select_related("person")
        .order_by("pk")
    )
    logins = {u.pk for name, u in ctx.users.items() if name != "member"}
    by_branch: dict[int, list[Person]] = {}
    secretaries: dict[int, Person] = {}
    for m in members:
        if m.party_post == PartyPost.SECRETARY:
            secretaries.setdefault(m.branch_id, m.person)
        if m.person.user_id not in logins:
            by_branch.setdefault(m.branch_id, []).append(m.person)
    residents = list(
        Person.objects.filter(
            community=ctx.community, party__isnull=True, user__isnull=True, is_active=True
        ).order_by("pk")[:40]
    )
    return by_branch, secretaries, residents


def _pick(pool: list[Person], count: int, backbone: set[int], rng: random.Random) -> list[Person]:
    """``count`` people of ``pool``, the backbone volunteers eight times as likely as the others
    (weighted sampling without replacement: the largest keys u ** (1 / weight))."""
    keyed = sorted(pool, key=lambda p: rng.random() ** (1 / (8 if p.pk in backbone else 1)))
    return keyed[-count:]


def _schedule(count: int, rng: random.Random) -> list[int]:
    """Days ago of ``count`` activities spread over the last 360 days, the latest first."""
    step = 360 // count
    return [3 + i * step + rng.randint(0, step - 5) for i in range(count)]


def _plan(
    ctx: DemoContext,
    projects: list[tuple[Project, tuple]],
    by_branch: dict[int, list[Person]],
    residents: list[Person],
    me: Person,
    lead: Person,
    units: dict[str, Unit],
) -> list[Plan]:
    """Every past activity and its logs; the same plan on every day, seen from that day. ``lead``
    (the catering branch's secretary) organises some of them; ``me`` (the member) takes part."""
    rng = random.Random(1963)  # the year of 向雷锋同志学习
    # Every branch has its backbone volunteers (骨干), who come far more often than the others.
    backbone = {p.pk for people in by_branch.values() for p in people[::6]} | {me.pk}
    today = timezone.localdate()
    plans: list[Plan] = []
    for project, spec in projects:
        codes, titles, (hour, minute), length, count = spec[2], spec[6], spec[7], spec[8], spec[9]
        pool = [p for code in codes for p in by_branch.get(units[code].pk, [])]
        mine = project.leader_id == lead.pk
        for n, days in enumerate(_schedule(count, rng)):
            if mine and n == 0:
                days = 5  # so that the branch secretary has logs of her own activity to verify
            title, place = titles[n % len(titles)]
            start_hour = 9 if title == "家属楼安全隐患排查" else hour  # the night patrol starts at 22:00
            organiser = lead if mine else rng.choice(pool)
            people = _pick(pool, rng.randint(6, 10) + 2, backbone, rng)
            if mine and me not in people:
                people.append(me)
            starts = _at(today - datetime.timedelta(days=days), start_hour, minute)
            plans.append(_activity_plan(ctx, project, title, place, starts, length, organiser, people, rng))
    everyone = [p for people in by_branch.values() for p in people]
    for n, days in enumerate(_schedule(12, rng)):
        title, place, (hour, minute), length = CIVILITY[n % len(CIVILITY)]
        organiser = lead if n % 3 == 0 else rng.choice(by_branch[units["branch-1"].pk])
        people = _pick(everyone, 6, backbone, rng) + rng.sample(residents, 3)
        if me not in people and n % 3 == 1:
            people.append(me)
        starts = _at(today - datetime.timedelta(days=9 if n == 0 else days), hour, minute)
        plans.append(_activity_plan(ctx, None, title, place, starts, length, organiser, people, rng))
    plans.sort(key=lambda p: p.activity.starts_at)
    _keep_apart(plans)
    return plans


def _activity_plan(
    ctx: DemoContext,
    project: Project | None,
    title: str,
    place: str,
    starts: datetime.datetime,
    length: int,
    organiser: Person,
    people: list[Person],
    rng: random.Random,
) -> Plan:
    activity = Activity(
        community=ctx.community,
        project=project,
        category=ActivityCategory.PROJECT if project else ActivityCategory.CIVILITY,
        title=title,
        place=place,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=length),
        capacity=None if rng.random() < 0.5 else 12,
        organiser=organiser,
        description=project.goal if project else "弘扬社会主义核心价值观，党员带头践行文明新风。",
    )
    plan = Plan(activity)
    for person in people:
        late, early = rng.choice((0, 0, 0, 10, 15)), rng.choice((0, 0, 0, 10, 20, 30))
        plan.logs.append(
            {
                "person": person,
                "started_at": activity.starts_at + datetime.timedelta(minutes=late),
                "ended_at": activity.ends_at - datetime.timedelta(minutes=early),
                "source": rng.choice(
                    (LogSource.CHECKIN, LogSource.CHECKIN, LogSource.SELF, LogSource.ORGANISER)
                ),
                "note": rng.choice(NOTES),
                "reject": rng.random() < 0.03,
                "reason": rng.choice(REJECT_REASONS),
                "drop": rng.random(),
            }
        )
    return plan


def _keep_apart(plans: list[Plan]) -> None:
    """Leave out a person's log that would overlap another of theirs: two activities at the same
    time, the person was at the first."""
    taken: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for plan in plans:
        kept = []
        for log in plan.logs:
            spans = taken.setdefault(log["person"].pk, [])
            if all(log["ended_at"] <= s or log["started_at"] >= e for s, e in spans):
                spans.append((log["started_at"], log["ended_at"]))
                kept.append(log)
        plan.logs = kept


def report_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The report's "January to October" seen from ``today``: the ten whole months ending with
    the month before last (on 5 December 2026, January–October 2026)."""
    last = Month.of(today).plus(-2)
    return last.plus(-9).start, last.end


def _trim(plans: list[Plan], is_cadre: set[int], pending_after: datetime.datetime) -> None:
    """Leave out verified party members' logs of the report's months, those with the highest
    draw first, until their total is at most ``CADRE_HOURS_CAP`` hours: the report's "more than
    2,000" from January to October."""
    first, last = report_months(timezone.localdate())
    counted = [
        log
        for plan in plans
        if plan.activity.ends_at <= pending_after
        and first <= timezone.localtime(plan.activity.starts_at, TZ).date() <= last
        for log in plan.logs
        if log["person"].pk in is_cadre and not log["reject"]
    ]
    total = sum(_minutes(log) for log in counted)
    for log in sorted(counted, key=lambda log: -log["drop"]):
        if total <= CADRE_HOURS_CAP * 60:
            break
        log["skip"] = True
        total -= _minutes(log)
    for plan in plans:
        plan.logs = [log for log in plan.logs if not log.get("skip")]


def _minutes(log: dict[str, Any]) -> int:
    return selectors.minutes_between(log["started_at"], log["ended_at"])


def _write(ctx: DemoContext, plans: list[Plan], lead: Person, pending_after: datetime.datetime) -> None:
    """Write the plan. Activities go through the service; the logs, a thousand of them, are
    inserted in bulk as ``log_create`` and ``log_decide`` would write them (the plan has kept
    every rule of a log, which ``test_demo`` checks with ``check_log``), with their history;
    the rejections and one correction go through the services."""
    secretary, organiser = ctx.users["secretary"], lead.user
    for plan in plans:
        actor = organiser if plan.activity.organiser_id == lead.pk else secretary
        activity_services.activity_save(
            community=ctx.community, activity=plan.activity, actor=actor, may_backdate=True
        )
    signups = [
        SignUp(
            community=ctx.community,
            activity=plan.activity,
            person=log["person"],
            checked_in_at=log["started_at"] if log["source"] == LogSource.CHECKIN else None,
            checked_out_at=log["ended_at"] if log["source"] == LogSource.CHECKIN else None,
        )
        for plan in plans
        for log in plan.logs
    ]
    bulk_create_with_history(signups, SignUp, batch_size=500)
    branches = dict(
        PartyMember.objects.filter(community=ctx.community, is_active=True).values_list(
            "person_id", "branch_id"
        )
    )
    rng = random.Random(1978)
    now = timezone.now()
    logs, to_verify, to_reject = [], [], []
    for plan in plans:
        activity = plan.activity
        pending = activity.ends_at > pending_after
        for log in plan.logs:
            person = log["person"]
            verifier = organiser if activity.organiser_id == lead.pk and person != lead else secretary
            by_hand = log["source"] == LogSource.ORGANISER and not pending and not log["reject"]
            written = min(now, log["ended_at"] + datetime.timedelta(minutes=rng.randint(5, 600)))
            entry = HourLog(
                community=ctx.community,
                person=person,
                branch_id=branches.get(person.pk),
                activity=activity,
                started_at=log["started_at"],
                ended_at=log["ended_at"],
                minutes=_minutes(log),
                worked_on=timezone.localtime(log["started_at"], TZ).date(),
                source=LogSource.SELF
                if log["source"] == LogSource.ORGANISER and not by_hand
                else log["source"],
                note=log["note"],
                created_by=verifier if by_hand else person.user,
            )
            entry._history_user, entry._history_date, entry._written = entry.created_by, written, written
            if by_hand:  # whoever records, certifies
                entry.status, entry.decided_by, entry.decided_at = LogStatus.VERIFIED, verifier, written
            elif log["reject"]:
                to_reject.append((entry, verifier, log["reason"]))
            elif not pending:
                decided = min(now, written + datetime.timedelta(hours=rng.randint(2, 72)))
                to_verify.append((entry, verifier, decided))
            logs.append(entry)
    bulk_create_with_history(logs, HourLog, batch_size=500)
    for entry in logs:
        entry.created_at = entry._written
    HourLog.objects.bulk_update(logs, ["created_at"], batch_size=500)
    for entry, verifier, decided in to_verify:
        entry.status, entry.decided_by, entry.decided_at = LogStatus.VERIFIED, verifier, decided
        entry._history_user, entry._history_date = verifier, decided
    bulk_update_with_history(
        [entry for entry, _v, _d in to_verify],
        HourLog,
        ["status", "decided_by", "decided_at"],
        batch_size=500,
    )
    for entry, verifier, reason in to_reject:
        hour_services.log_decide(log=entry, verify=False, reason=reason, actor=verifier)
    # One member's own log, corrected by its verifier: history keeps both times and the reason.
    entry, verifier, _decided = next(item for item in to_verify if item[0].source == LogSource.SELF)
    hour_services.log_correct(
        log=entry,
        started_at=entry.started_at,
        ended_at=entry.ended_at - datetime.timedelta(minutes=30),
        note=entry.note,
        actor=verifier,
        reason=CORRECTION_REASON,
        by_verifier=True,
    )


def _upcoming(
    ctx: DemoContext, projects: list[tuple[Project, tuple]], lead: Person, pool: list[Person]
) -> None:
    """Activities of the coming days with their sign-ups, and one cancelled by the weather."""
    today = timezone.localdate()
    by_name = {p.name: p for p, _spec in projects}
    secretary = ctx.users["secretary"]
    coming = [
        (None, "“讲文明树新风”文明就餐劝导", "职工食堂", 2, (11, 0), 90, lead, 8),
        (by_name["家电义务维修"], "家电义务维修进家属区", "家属区广场", 6, (8, 30), 180, pool[0], None),
        (by_name["党员帮厨送餐"], "为独居老人送餐", "家属区", 10, (10, 30), 150, lead, 10),
    ]
    for project, title, place, days, (hour, minute), length, organiser, capacity in coming:
        starts = _at(today + datetime.timedelta(days=days), hour, minute)
        activity = Activity(
            project=project,
            category=ActivityCategory.PROJECT if project else ActivityCategory.CIVILITY,
            title=title,
            place=place,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=length),
            capacity=capacity,
            organiser=organiser,
            description=project.goal if project else "引导职工文明就餐、光盘行动。",
        )
        actor = lead.user if organiser == lead else secretary
        activity_services.activity_save(
            community=ctx.community, activity=activity, actor=actor, may_backdate=True
        )
        for person in pool[1:6]:
            activity_services.signup_create(activity=activity, person=person, actor=person.user)
    starts = _at(today - datetime.timedelta(days=40), 9)
    cancelled = Activity(
        project=by_name["社区绿化美化"],
        category=ActivityCategory.PROJECT,
        title="义务植绿补绿",
        place="社区中心绿地",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        organiser=by_name["社区绿化美化"].leader,
    )
    activity_services.activity_save(
        community=ctx.community, activity=cancelled, actor=secretary, may_backdate=True
    )
    activity_services.activity_cancel(activity=cancelled, reason="暴雨天气，活动取消", actor=secretary)


def _benefit(ctx: DemoContext, projects: list[tuple[Project, tuple]]) -> None:
    if BenefitEntry.objects.filter(community=ctx.community).exists():
        return
    today = timezone.localdate()
    by_name = {p.name: p for p, _spec in projects}
    for name, kind, days, count, price, what, how in BENEFIT:
        amount = (Decimal(count) * Decimal(price)).quantize(Decimal("0.01"))
        entry = BenefitEntry(
            project=by_name[name],
            kind=kind,
            occurred_on=today - datetime.timedelta(days=days),
            amount=amount,
            basis=f"{count}{what}，{how}{price}元计算：{count} × {price} = {amount}元。",
        )
        project_services.benefit_save(community=ctx.community, entry=entry, actor=ctx.users["secretary"])


def _certificates(ctx: DemoContext, me: Person) -> None:
    """Certificates of the year up to last month for ``member`` and the three members with the
    most hours, so that the certificate pages and the public verification have something."""
    if Certificate.objects.filter(community=ctx.community).exists():
        return
    today = timezone.localdate()
    end = Month.of(today).previous().end
    start = today - datetime.timedelta(days=365)
    totals = HourLog.objects.filter(
        community=ctx.community,
        status=LogStatus.VERIFIED,
        branch__isnull=False,
        worked_on__range=(start, end),
    )
    top = [
        row["person"]
        for row in totals.values("person").annotate(total=Sum("minutes")).order_by("-total", "person")[:3]
    ]
    for person in [me, *Person.objects.filter(pk__in=top).order_by("pk")]:
        certificate_issue(
            community=ctx.community,
            person=person,
            period_start=start,
            period_end=end,
            actor=ctx.users["secretary"],
        )


def load(ctx: DemoContext) -> None:
    units = ctx.extra["units"]
    me = Person.objects.get(community=ctx.community, user=ctx.users["member"])
    # The catering branch's secretary (the ``window`` login, on its committee) organises; the
    # member, a plain party member, takes part.
    lead = Person.objects.get(community=ctx.community, user=ctx.users["window"])
    by_branch, secretaries, residents = _people(ctx)
    projects = _projects(ctx, units, secretaries, lead)
    _benefit(ctx, projects)
    if Activity.objects.filter(community=ctx.community).exists():
        return
    pending_after = timezone.now() - datetime.timedelta(days=PENDING_DAYS)
    plans = _plan(ctx, projects, by_branch, residents, me, lead, units)
    is_cadre = {p.pk for people in by_branch.values() for p in people}
    _trim(plans, is_cadre, pending_after)
    _write(ctx, plans, lead, pending_after)
    _upcoming(ctx, projects, lead, [p for p in by_branch[units["branch-2"].pk] if p != me])
    _certificates(ctx, me)
