"""阳邑社区's health work over the year: just over 400 archives, a year of follow-ups, monthly
outreach (白衣天使进社区).

The community's people (from the members demo) and some 95 more residents and retirees get an
archive each: about 27% with hypertension, 10% with type 2 diabetes, and pneumoconiosis among
a share of the older male workers and retirees (the miners). Three doctors share them; the demo
login ``doctor`` (陈白鸽) has a real overdue list, ``medlead`` (郝仁心) leads.

Archives, their conditions and this year's plans are written in bulk with their history rows;
the visits go through ``visit_record`` (so plans are fulfilled, the 14-day rule applies and the
history says who did what): most on time, some late, some missed (overdue), a few people lost
to follow-up. Outreach events go through ``outreach_save``. Idempotent: nothing is made when
the community already has archives.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scope
from simple_history.utils import bulk_create_with_history

from sanjian.health.models import (
    Adherence,
    ArchiveCondition,
    BloodType,
    Classification,
    Condition,
    FollowUpPlan,
    HealthArchive,
    Outcome,
    OutreachEvent,
    OutreachKind,
    PlanKind,
    PlanStatus,
    VisitMethod,
)
from sanjian.health.services.conditions import conditions_ensure
from sanjian.health.services.outreach import outreach_save
from sanjian.health.services.plans import plans_generate_year
from sanjian.health.services.visits import visit_record
from sanjian.lib.dates import Month
from sanjian.lib.demo import DemoContext
from sanjian.members.bulk import history_bulk_insert
from sanjian.members.models import Person, PersonCategory
from sanjian.members.validators import check_character
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant

EXTRA_PEOPLE = 95
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "淑珍秀兰桂英玉梅建民国栋福海永生德顺凤芝保田春花金锁长林"
DOCTORS = {"doctor_wang": "王素芬", "doctor_zhao": "赵立平"}
MEDICINES = {
    "hypertension": ["硝苯地平缓释片 20mg 每日两次", "氨氯地平 5mg 每日一次", "缬沙坦 80mg 每日一次"],
    "diabetes": ["二甲双胍 0.5g 每日三次", "格列美脲 2mg 每日一次"],
    "pneumoconiosis": ["乙酰半胱氨酸 600mg 每日两次", "家庭氧疗 每日2小时"],
}
PLACES = [
    "社区卫生服务站",
    "单身公寓1号楼活动室",
    "矿区职工食堂",
    "老年活动中心",
    "单身公寓3号楼",
    "阳邑社区广场",
]
TITLES = {
    OutreachKind.TALK: [
        "高血压防治健康讲座",
        "糖尿病饮食指导讲座",
        "尘肺病康复知识讲座",
        "冬季心脑血管病预防讲座",
    ],
    OutreachKind.CHECK: ["白衣天使进社区义诊", "职工免费测血压血糖", "老年人免费体检"],
    OutreachKind.DELIVERY: ["送药到宿舍", "慢病药品送上门"],
}


def _doctors(ctx: DemoContext) -> list:
    units = ctx.extra.get("units", {})
    network = units.get("medical")
    doctors = [ctx.users["doctor"]]
    user_model = get_user_model()
    for username, name in DOCTORS.items():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name=name)
            user.set_unusable_password()
            user.save()
        membership_grant(user=user, role=Role.MEDICAL, community=ctx.community, unit=network, actor=None)
        doctors.append(user)
    membership_grant(
        user=ctx.users["medlead"], role=Role.MEDICAL_LEAD, community=ctx.community, unit=network, actor=None
    )
    return doctors


def _residents(ctx: DemoContext, rng: random.Random) -> None:
    """Family members and retirees who are not on the members' roll but are served by the clinic."""
    if (
        Person.objects.filter(community=ctx.community, category=PersonCategory.RESIDENT).count()
        >= EXTRA_PEOPLE
    ):
        return
    taken = set(Person.objects.filter(community=ctx.community).values_list("id_number", flat=True))
    people = []
    for i in range(EXTRA_PEOPLE):
        male = rng.random() < 0.45
        born = datetime.date(rng.randint(1940, 1975), rng.randint(1, 12), rng.randint(1, 28))
        first17 = f"130426{born:%Y%m%d}{(700 + i) % 999:03d}"
        number = first17 + check_character(first17)
        if number in taken:
            continue
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        people.append(
            Person(
                community=ctx.community,
                name=name,
                gender="male" if male else "female",
                birth_date=born,
                id_number=number,
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                category=PersonCategory.RETIREE if born.year < 1965 else PersonCategory.RESIDENT,
            )
        )
    bulk_create_with_history(people, Person, batch_size=500)


def condition_codes(person: Person, rng: random.Random, today: datetime.date) -> list[str]:
    """The conditions a person of this age, sex and work has, in the proportions of a mining
    community (shared with ``generate_group``)."""
    age = today.year - (person.birth_date or datetime.date(1980, 1, 1)).year
    codes = []
    if rng.random() < (0.12 if age < 45 else 0.42):
        codes.append("hypertension")
    if rng.random() < (0.04 if age < 45 else 0.16):
        codes.append("diabetes")
    miner = person.gender == "male" and person.category in (PersonCategory.WORKER, PersonCategory.RETIREE)
    if miner and age >= 40 and rng.random() < 0.16:
        codes.append("pneumoconiosis")
    if age >= 55 and rng.random() < 0.08:
        codes.append(rng.choice(["coronary", "copd", "stroke"]))
    return codes


def _archives(
    ctx: DemoContext, rng: random.Random, doctors: list, today: datetime.date
) -> list[HealthArchive]:
    conditions = {c.code: c for c in Condition.objects.filter(community=ctx.community)}
    people = list(Person.objects.filter(community=ctx.community, is_active=True).order_by("pk"))
    lead = ctx.users["medlead"]
    archives, codes = [], {}
    for i, person in enumerate(people, start=1):
        opened = datetime.date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
        archive = HealthArchive(
            community=ctx.community,
            person=person,
            number=f"{i:05d}",
            blood_type=rng.choice([BloodType.A, BloodType.B, BloodType.O, BloodType.O, BloodType.AB, ""]),
            allergies=rng.choice(["", "", "", "", "青霉素过敏", "磺胺类过敏", "海鲜过敏"]),
            height_cm=Decimal(rng.randint(152, 182)),
            doctor=doctors[i % len(doctors)],
            opened_on=opened,
        )
        codes[person.pk] = condition_codes(person, rng, today)
        archive.past_history = "、".join(conditions[c].name for c in codes[person.pk])
        archive.medications = "；".join(rng.choice(MEDICINES[c]) for c in codes[person.pk] if c in MEDICINES)
        archives.append(archive)
    HealthArchive.objects.bulk_create(archives, batch_size=500)
    archives = list(HealthArchive.objects.filter(community=ctx.community).select_related("person"))
    history_bulk_insert(HealthArchive, archives, user=lead, reason="建档")
    diagnoses = [
        ArchiveCondition(
            community=ctx.community,
            archive=a,
            condition=conditions[code],
            diagnosed_on=a.opened_on - datetime.timedelta(days=rng.randint(30, 3000)),
            followed_since=a.opened_on,
        )
        for a in archives
        for code in codes[a.person_id]
    ]
    ArchiveCondition.objects.bulk_create(diagnoses, batch_size=1000)
    history_bulk_insert(
        ArchiveCondition,
        list(ArchiveCondition.objects.filter(community=ctx.community)),
        user=lead,
        reason="建档",
    )
    return archives


def visit_fields(codes: set[str], rng: random.Random) -> dict:
    """What a follow-up of these conditions measures and finds (shared with ``generate_group``)."""
    fields: dict = {
        "adherence": rng.choice([Adherence.REGULAR] * 6 + [Adherence.INTERMITTENT, Adherence.NONE])
    }
    if "hypertension" in codes:
        systolic = rng.randint(118, 168)
        fields |= {"systolic": systolic, "diastolic": rng.randint(70, min(systolic - 25, 105))}
    if "diabetes" in codes:
        fields["fasting_glucose"] = Decimal(rng.randint(52, 112)) / 10
    if "pneumoconiosis" in codes:
        fields["spo2"] = rng.randint(88, 98)
    fields["weight_kg"] = Decimal(rng.randint(50, 92))
    high = fields.get("systolic", 0) >= 150 or fields.get("fasting_glucose", 0) >= 8
    fields["classification"] = Classification.NOT_CONTROLLED if high else Classification.CONTROLLED
    return fields


def _visits(ctx: DemoContext, rng: random.Random, today: datetime.date) -> None:
    """This year's follow-ups: one per open plan period, most in time, some late, some missed."""
    plans = (
        FollowUpPlan.objects.filter(community=ctx.community, kind=PlanKind.VISIT, status=PlanStatus.OPEN)
        .select_related("archive", "condition")
        .order_by("due_date", "archive_id")
    )
    codes: dict[int, set[str]] = {}
    for d in ArchiveCondition.objects.filter(community=ctx.community).select_related("condition"):
        codes.setdefault(d.archive_id, set()).add(d.condition.code)
    lost = {a for a in codes if rng.random() < 0.06}
    for plan in plans:
        plan.refresh_from_db(fields=["status"])
        archive = plan.archive
        archive.refresh_from_db(fields=["status", "medications"])
        if plan.status != PlanStatus.OPEN or archive.status != "managed":
            continue
        if plan.period_start > today:
            continue
        roll = rng.random()
        if archive.pk in lost and plan.due_date.month >= 6:
            when, outcome = min(plan.due_date, today), Outcome.LOST
        elif roll < 0.1:
            continue  # missed: it stays overdue
        elif roll < 0.17:
            when, outcome = plan.due_date + datetime.timedelta(days=rng.randint(3, 40)), Outcome.CONTINUE
        else:
            span = (min(plan.due_date, today) - plan.period_start).days
            when, outcome = (
                plan.period_start + datetime.timedelta(days=rng.randint(0, max(span, 0))),
                Outcome.CONTINUE,
            )
        if when > today or (plan.due_date >= today and rng.random() < 0.5):
            continue
        fields = visit_fields(codes.get(archive.pk, set()), rng)
        method = (
            VisitMethod.PHONE
            if outcome == Outcome.LOST
            else rng.choice([VisitMethod.CLINIC, VisitMethod.HOME])
        )
        changed = (
            outcome == Outcome.CONTINUE
            and fields["classification"] == Classification.NOT_CONTROLLED
            and rng.random() < 0.4
        )
        if changed:
            fields |= {"medication_changed": True, "medications": archive.medications + "（加量）"}
        visit = visit_record(
            archive=archive,
            actor=archive.doctor,
            date=when,
            method=method,
            outcome=outcome,
            annual_check=plan.due_date.month in (6, 9) and rng.random() < 0.7,
            **fields,
        )
        if changed and visit.next_date and visit.next_date <= today and rng.random() < 0.85:
            archive.refresh_from_db()
            again = visit.date + datetime.timedelta(days=rng.randint(7, 14))
            if again <= today:
                visit_record(
                    archive=archive,
                    actor=archive.doctor,
                    date=again,
                    method=VisitMethod.PHONE,
                    adherence=Adherence.REGULAR,
                    classification=Classification.CONTROLLED,
                )


def _outreach(
    ctx: DemoContext, rng: random.Random, archives: list[HealthArchive], today: datetime.date
) -> None:
    lead = ctx.users["medlead"]
    kinds = [OutreachKind.TALK, OutreachKind.CHECK, OutreachKind.DELIVERY]
    for back in range(12, 0, -1):  # one event in each of the last twelve whole months
        month_start = Month.of(today).plus(-back).start
        kind = kinds[back % 3]
        served = rng.sample(archives, rng.randint(6, 18))
        event = OutreachEvent(
            community=ctx.community,
            kind=kind,
            title=rng.choice(TITLES[kind]),
            date=month_start + datetime.timedelta(days=rng.randint(5, 24)),
            place=rng.choice(PLACES),
            staff="陈白鸽、王素芬、赵立平"
            if kind == OutreachKind.CHECK
            else rng.choice(["陈白鸽、李护士", "王素芬、张护士", "赵立平"]),
            people_served=len(served) + rng.randint(10, 60),
            materials=rng.choice(
                ["宣传册200份", "血压计2台、血糖仪2台", "降压药、降糖药共85盒", "健康教育折页150份"]
            ),
        )
        outreach_save(event=event, served=served, actor=lead)


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    rng = random.Random(1414)
    with scope(community=ctx.community.pk):
        doctors = _doctors(ctx)
        if HealthArchive.objects.filter(community=ctx.community).exists():
            return
        conditions_ensure(community=ctx.community, actor=ctx.users["medlead"])
        _residents(ctx, rng)
        archives = _archives(ctx, rng, doctors, today)
        plans_generate_year(community=ctx.community, year=today.year, actor=ctx.users["medlead"])
        _visits(ctx, rng, today)
        _outreach(ctx, rng, archives, today)
