"""A year of target assessment in 阳邑社区: the indicator library, a letter template per kind of
unit, eleven published months (letters signed, cost quotas, entries, one upheld appeal, early
warnings) and the current month open for scoring.

Each month is made whole or not at all (looked up by its natural key), through the same
services as the pages, so a second run changes nothing. Values come from a seeded random
generator per month.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scope
from simple_history.utils import bulk_create_with_history

from sanjian.assessment import services
from sanjian.assessment.models import (
    CostItem,
    Entry,
    EntryKind,
    Indicator,
    Letter,
    LetterItem,
    Period,
    Policy,
    Result,
    Template,
)
from sanjian.lib.dates import Month, months_between
from sanjian.lib.demo import DemoContext
from sanjian.lib.workdays import add_workdays
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant

D = Decimal
TZ = timezone.get_fixed_timezone(8 * 60)

# code, name, category, measure, rule, parameters, who enters, how it is assessed
INDICATORS = [
    (
        "service",
        "服务规范",
        "standard",
        "分",
        "linear",
        {"floor": 70, "target": 95},
        ["inspector"],
        "检查员按窗口服务规范逐项检查打分",
    ),
    (
        "hygiene",
        "环境卫生",
        "standard",
        "分",
        "bands",
        {"bands": [["95", "100"], ["90", "85"], ["85", "70"], ["80", "50"]]},
        ["inspector"],
        "“美化环境”卫生检查得分",
    ),
    (
        "satisfaction",
        "群众满意率",
        "contract",
        "%",
        "bands",
        {"bands": [["98", "100"], ["95", "90"], ["90", "75"], ["85", "50"]], "bonus_cap": 2},
        ["inspector"],
        "职工、居民满意度调查",
    ),
    (
        "complaints",
        "有效投诉",
        "contract",
        "次",
        "deduction",
        {"per_occurrence": 5, "cap": 15},
        ["inspector", "supervisor"],
        "经核实的有效投诉每次扣5分",
    ),
    (
        "duty",
        "承包职责完成率",
        "contract",
        "%",
        "linear",
        {"floor": 80, "target": 100},
        [],
        "责任状所列承包职责的完成比例",
    ),
    (
        "cost",
        "成本定额控制",
        "cost",
        "%",
        "linear",
        {"floor": 10, "target": 0, "higher_is_better": False, "source_key": "assessment.cost_variance"},
        [],
        "各成本项目（实际−定额）÷定额的平均值，节约满分，超支10%不得分",
    ),
    (
        "safety",
        "安全生产",
        "comprehensive",
        "次",
        "deduction",
        {"per_occurrence": 10, "cap": 30},
        ["inspector"],
        "安全隐患、事故每次扣10分",
    ),
    (
        "review",
        "综合评议",
        "comprehensive",
        "分",
        "linear",
        {"floor": 60, "target": 100},
        [],
        "党总支组织的月度综合评议",
    ),
    (
        "branch-standard",
        "标准化党支部达标率",
        "party",
        "%",
        "linear",
        {"floor": 60, "target": 100, "source_key": "org.branch_standard_rate"},
        [],
        "标准化党支部检查表达标项目的比例",
    ),
    (
        "party-life",
        "组织生活开展率",
        "party",
        "%",
        "linear",
        {"floor": 60, "target": 100},
        [],
        "“三会一课”、主题党日按计划开展的比例",
    ),
    (
        "window-satisfaction",
        "窗口评价满意率（自动）",
        "contract",
        "%",
        "bands",
        {"bands": [["98", "100"], ["95", "90"], ["90", "75"]], "source_key": "windows.satisfaction_rate"},
        [],
        "居民扫码评价的满意率，由“标杆窗口”模块提供",
    ),
]
TEMPLATES = {
    UnitKind.WINDOW: (
        "服务窗口目标管理责任状",
        [
            ("service", 25),
            ("hygiene", 20),
            ("satisfaction", 20),
            ("complaints", 15),
            ("cost", 10),
            ("safety", 10),
        ],
    ),
    UnitKind.SUPERVISOR: (
        "主管单位目标管理责任状",
        [("duty", 30), ("satisfaction", 20), ("cost", 20), ("safety", 15), ("review", 15)],
    ),
    UnitKind.OFFICE: (
        "机关科室目标管理责任状",
        [("duty", 40), ("review", 30), ("cost", 15), ("party-life", 15)],
    ),
    UnitKind.BRANCH: ("党支部党建工作责任状", [("branch-standard", 40), ("party-life", 30), ("review", 30)]),
}
CLAUSES = (
    "一、承包方按照社区“三建”工作要求，履行本责任状所列职责，完成各项考核指标。\n"
    "二、考核按月进行，得分在社区公示；对考核结果有异议的，可在公示期内申诉。\n"
    "三、考核结果与评先评优、绩效奖励挂钩。"
)
# network code → cost items (name, measure, quota)
COSTS = {
    "canteen": [("每餐食材成本", "元/餐", "4.50"), ("餐具及耗材", "元", "600")],
    "apartments": [("水电费", "元", "12000"), ("清洁材料", "元", "800")],
    "property": [("维修材料", "元", "5000"), ("清洁材料", "元", "600")],
    "medical": [("药品损耗", "元", "1500")],
    "mine-area": [("清洁材料", "元", "1000")],
}
OFFICE_COSTS = [("办公费用", "元", "2000")]
HEADS = [
    "王秀兰",
    "李建军",
    "张海燕",
    "刘志强",
    "陈玉梅",
    "杨国庆",
    "赵丽华",
    "黄卫国",
    "周美玲",
    "吴建华",
    "徐春燕",
    "孙立新",
    "胡晓梅",
    "朱红军",
    "高秀珍",
    "林志刚",
    "何丽娟",
    "郭建平",
    "马晓燕",
    "罗振华",
    "梁桂英",
    "宋志勇",
    "郑春梅",
    "谢国栋",
    "韩玉兰",
    "唐建新",
    "冯丽萍",
    "于海波",
    "董秀梅",
    "萧志远",
    "程玉珍",
    "曹建国",
    "袁丽君",
    "邓志华",
    "许红梅",
    "傅国平",
    "沈秀英",
    "曾志明",
]
COMPLAINTS = ["饭菜有异物被投诉", "服务态度生硬被投诉", "排队时间过长被投诉", "维修不及时被投诉"]
SAFETY = ["消防通道堆放杂物", "燃气管道未按时巡检", "电器线路私拉乱接"]
ROLE_OF_KIND = {
    UnitKind.WINDOW: Role.WINDOW_MANAGER,
    UnitKind.OFFICE: Role.OFFICE,
    UnitKind.SUPERVISOR: Role.SUPERVISOR,
    UnitKind.BRANCH: Role.BRANCH_COMMITTEE,
}
DECLINING = "canteen-3"  # falls three months running: an early warning
LAGGING = "apartments-5"  # stays below the floor


def _library(ctx: DemoContext) -> dict[str, Indicator]:
    """The indicator library and a template per assessed kind, set up by the secretary through the
    services (so each carries its history row, as if typed in on the library page)."""
    secretary = ctx.users["secretary"]
    indicators = {}
    for code, name, category, measure, rule, params, roles, description in INDICATORS:
        indicator = Indicator.objects.filter(community=ctx.community, code=code).first()
        if indicator is None:
            params = {k: D(str(v)) if type(v) in (int, float) else v for k, v in params.items()}
            indicator = services.indicator_save(
                community=ctx.community,
                indicator=Indicator(
                    code=code,
                    name=name,
                    category=category,
                    measure=measure,
                    rule=rule,
                    entry_roles=roles,
                    description=description,
                    is_active=code != "window-satisfaction",
                    **params,
                ),
                actor=secretary,
            )
        indicators[code] = indicator
    for kind, (name, rows) in TEMPLATES.items():
        if Template.objects.filter(community=ctx.community, unit_kind=kind).exists():
            continue
        services.template_save(
            community=ctx.community,
            template=Template(unit_kind=kind, name=name, clauses=CLAUSES),
            rows=[
                services.TemplateRow(indicator=indicators[code], weight=D(weight)) for code, weight in rows
            ],
            actor=secretary,
        )
    return indicators


def _heads(ctx: DemoContext) -> None:
    """A responsible person for every assessed unit that has nobody tied to it yet."""
    users = get_user_model()
    units = Unit.objects.filter(community=ctx.community, kind__in=ROLE_OF_KIND).order_by(
        "kind", "sort_order", "code"
    )
    taken = set(ctx.community.memberships.filter(unit__isnull=False).values_list("unit_id", flat=True))
    names = iter(HEADS)
    for unit in units:
        name = next(names, unit.name)
        if unit.pk in taken:
            continue
        user = users.objects.filter(username=f"head-{unit.code}").first()
        if user is None:
            user = users(username=f"head-{unit.code}", first_name=name)
            user.set_unusable_password()
            user.save()
        membership_grant(
            user=user, role=ROLE_OF_KIND[unit.kind], community=ctx.community, unit=unit, actor=None
        )


def _months(today: datetime.date) -> list[tuple[int, int]]:
    """The twelve months up to this one, oldest first, as (year, number)."""
    this = Month.of(today)
    return [(month.year, month.month) for month in months_between(this.plus(-11), this)]


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _value(rng: random.Random, item: LetterItem, unit: Unit, months_left: int) -> Decimal:
    """A plausible monthly value, worse for the declining unit lately and the lagging unit always."""
    if item.target is not None:
        best, spread = float(item.target), float(abs(item.target - item.floor))
    else:
        best, spread = float(item.bands[0][0]), 10.0
    slip = rng.uniform(0, 0.2)
    if unit.code == DECLINING and months_left <= 3:
        slip += (4 - months_left) * 0.15
    if unit.code == LAGGING:
        slip += 0.45
    return D(str(round(max(best - slip * spread, 0), 1)))


def _entries(ctx: DemoContext, period: Period, rng: random.Random, months_left: int, complete: bool) -> None:
    inspector, secretary = ctx.users["inspector"], ctx.users["secretary"]
    items = LetterItem.objects.filter(letter__period=period).select_related("indicator", "letter__unit")
    entries = []
    for item in items.order_by("letter__unit__code", "sort_order"):
        if item.indicator.source_key or (not complete and rng.random() < 0.6):
            continue
        unit = item.letter.unit
        day = period.start + datetime.timedelta(days=rng.randrange(0, 25))
        by = inspector if item.indicator.entry_roles else secretary
        # the open month's entries were made by now: never a score entered in the future
        when = min(_moment(day), timezone.now() - datetime.timedelta(hours=1))
        made = {"community": ctx.community, "item": item, "entered_by": by, "entered_at": when}
        if item.rule == "deduction":
            occurrences = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
            if unit.code == "canteen-1" and months_left == 3:
                occurrences = 1  # the complaint appealed below
            reasons = COMPLAINTS if item.indicator.code == "complaints" else SAFETY
            for _ in range(occurrences):
                entries.append(
                    Entry(kind=EntryKind.OCCURRENCE, amount=D(1), reason=rng.choice(reasons), **made)
                )
        else:
            reason = "月度检查" if by == inspector else "党总支月度评议"
            entries.append(
                Entry(
                    kind=EntryKind.VALUE, amount=_value(rng, item, unit, months_left), reason=reason, **made
                )
            )
            if item.indicator.code == "hygiene" and rng.random() < 0.1:
                entries.append(
                    Entry(kind=EntryKind.DEDUCTION, amount=D(2), reason="操作间地面油污未及时清理", **made)
                )
    bulk_create_with_history(entries, Entry, default_user=inspector)


def _costs(ctx: DemoContext, period: Period, rng: random.Random, complete: bool) -> None:
    units = ctx.extra["units"]
    items = []
    for code, unit in units.items():
        if unit.kind == UnitKind.WINDOW:
            rows = COSTS.get(code.rsplit("-", 1)[0], [])
        elif unit.kind in (UnitKind.OFFICE, UnitKind.SUPERVISOR):
            rows = OFFICE_COSTS
        else:
            continue
        for name, measure, quota in rows:
            actual = None
            if complete or rng.random() < 0.3:
                drift = rng.uniform(-0.08, 0.07) + (0.06 if code == LAGGING else 0)
                actual = (D(quota) * (1 + D(str(round(drift, 4))))).quantize(D("0.01"))
            items.append(
                CostItem(
                    community=ctx.community,
                    period=period,
                    unit=unit,
                    name=name,
                    measure=measure,
                    quota=D(quota),
                    actual=actual,
                )
            )
    bulk_create_with_history(items, CostItem, default_user=ctx.users["office"])


def _sign(period: Period, rng: random.Random, complete: bool) -> None:
    letters = list(Letter.objects.filter(period=period))
    for letter in letters:
        if complete or rng.random() < 0.8:
            letter.issuer_signed_at = _moment(period.start + datetime.timedelta(days=1), 9)
            letter.responsible_signed_at = _moment(
                period.start + datetime.timedelta(days=rng.randrange(1, 4)), 15
            )
    Letter.objects.bulk_update(letters, ["issuer_signed_at", "responsible_signed_at"])


def _month(ctx: DemoContext, year: int, number: int, months_left: int, now: datetime.datetime) -> None:
    secretary = ctx.users["secretary"]
    rng = random.Random(f"yangyi-{year}-{number}")
    period = services.period_open(
        community=ctx.community, kind="month", year=year, number=number, actor=secretary
    )
    complete = months_left > 0
    _sign(period, rng, complete)
    _costs(ctx, period, rng, complete)
    _entries(ctx, period, rng, months_left, complete)
    if not complete:
        return
    published = _moment(add_workdays(period.end, 3), 9)
    if months_left == 1:
        published = now - datetime.timedelta(days=1)  # the latest month is still open to appeal
    services.period_close(period=period, actor=secretary)
    services.period_review(period=period, actor=secretary)
    services.period_publish(period=period, actor=secretary, now=published)
    if months_left == 3:
        _upheld_appeal(ctx, period, published)
    if months_left == 1:
        _pending_appeal(ctx, period, published)


def _upheld_appeal(ctx: DemoContext, period: Period, published: datetime.datetime) -> None:
    result = Result.objects.get(period=period, unit=ctx.extra["units"]["canteen-1"])
    line = next(line for line in result.breakdown if line.code == "complaints")
    appeal = services.appeal_file(
        result=result,
        indicator=Indicator.objects.get(pk=line.indicator),
        reason="该投诉经核实系就餐职工误会，已与投诉人当面沟通，投诉人确认撤回。附沟通记录。",
        actor=ctx.users["window"],
        now=published + datetime.timedelta(days=1),
    )
    services.appeal_decide(
        appeal=appeal,
        upheld=True,
        points=line.weight - line.earned,
        decision="经餐饮服务中心核实，投诉不属实，申诉成立，恢复该项扣分。",
        actor=ctx.users["secretary"],
    )


def _pending_appeal(ctx: DemoContext, period: Period, published: datetime.datetime) -> None:
    result = Result.objects.get(period=period, unit=ctx.extra["units"][DECLINING])
    line = next(line for line in result.breakdown if line.code == "hygiene")
    user = get_user_model().objects.get(username=f"head-{DECLINING}")
    services.appeal_file(
        result=result,
        indicator=Indicator.objects.get(pk=line.indicator),
        reason="检查当日操作间正在检修排水管道，地面积水非日常管理问题，请求复核。",
        actor=user,
        now=published + datetime.timedelta(hours=3),
    )


def load(ctx: DemoContext) -> None:
    # A wider margin than the default: monthly scores of a real community move by a few points.
    Policy.objects.get_or_create(
        community=ctx.community, defaults={"drop_margin": D(10), "floor_score": D(75)}
    )
    _library(ctx)
    _heads(ctx)
    now = timezone.now()
    months = _months(timezone.localdate())
    with scope(community=ctx.community.pk):  # the services work in one community, as in a request
        for left, (year, number) in zip(range(len(months) - 1, -1, -1), months, strict=True):
            if not Period.objects.filter(kind="month", year=year, number=number).exists():
                _month(ctx, year, number, left, now)
        services.periods_finalise_due(now=now)
