"""The organisation of 阳邑社区 as the report describes it, and a smaller second community.

22 benchmark service windows in five service networks, each guaranteed by an office department
and a supervising unit (保包); the party general branch with its branches; the written rules the
report names; the standardised-branch checklist for last year and this year.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanjian.lib.demo import DemoContext
from sanjian.org.models import (
    BranchCheck,
    DocumentCategory,
    Linkage,
    RuleDocument,
    StandardItem,
    Unit,
    UnitKind,
)
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant

BRANCHES = [
    "机关党支部",
    "餐饮服务党支部",
    "公寓服务党支部",
    "物业服务党支部",
    "医疗服务党支部",
    "离退休党支部",
]
OFFICES = [
    ("party-work", "党群工作部"),
    ("general-office", "综合办公室"),
    ("operations", "经营管理部"),
    ("finance", "财务部"),
    ("safety", "安全环保部"),
]
# network code, name, type, supervising unit (code, name), guaranteeing office code, windows
NETWORKS = [
    (
        "canteen",
        "职工食堂",
        "canteen",
        ("catering", "餐饮服务中心"),
        "operations",
        [
            "一号售饭窗口",
            "二号售饭窗口",
            "三号售饭窗口",
            "四号售饭窗口",
            "面食窗口",
            "清真窗口",
            "班中餐配送窗口",
            "职工超市",
        ],
    ),
    (
        "apartments",
        "职工公寓",
        "apartment",
        ("apartment-centre", "公寓管理中心"),
        "general-office",
        ["采煤一区公寓服务台", "采煤二区公寓服务台", "掘进公寓服务台", "单身公寓服务台", "洗衣房"],
    ),
    (
        "property",
        "物业服务",
        "property",
        ("property-centre", "物业管理中心"),
        "safety",
        ["交通班车服务窗口", "物业维修窗口", "水电服务窗口", "浴池服务窗口"],
    ),
    (
        "medical",
        "医疗服务",
        "medical",
        ("hospital", "社区医院"),
        "party-work",
        ["医院药房", "门诊挂号收费窗口", "社区卫生服务站"],
    ),
    (
        "mine-area",
        "矿区“五化”",
        "mine_area",
        ("mine-service", "矿区服务中心"),
        "safety",
        ["矿区保洁服务窗口", "矿灯房服务窗口"],
    ),
]
DOCUMENTS = [
    (
        "关于加强社区党建工作的意见",
        "阳社党〔2026〕1号",
        "阳邑社区党总支",
        DocumentCategory.PARTY_BUILDING,
        (2026, 1, 5),
    ),
    (
        "关于开展党建绩效考核的办法",
        "阳社党〔2026〕2号",
        "阳邑社区党总支",
        DocumentCategory.ASSESSMENT,
        (2026, 1, 5),
    ),
    (
        "“为民服务标杆窗口”创建活动实施方案",
        "阳社党〔2026〕5号",
        "阳邑社区党总支",
        DocumentCategory.SERVICE,
        (2026, 2, 20),
    ),
    ("社区服务标准体系", "邯矿社党〔2025〕12号", "邯矿集团社区党委", DocumentCategory.SERVICE, (2025, 6, 1)),
    ("公寓服务员楼层分工责任制", "阳社〔2026〕8号", "阳邑社区", DocumentCategory.MANAGEMENT, (2026, 3, 1)),
]
STANDARD_ITEMS = [
    ("1", "组织设置规范", "支部委员会按期换届，委员分工明确，党员编入党小组"),
    ("2", "班子建设坚强", "支部书记履职尽责，班子团结，年度述职评议合格"),
    ("3", "党员队伍过硬", "党员教育管理到位，发展党员程序规范，电子档案完整"),
    ("4", "组织生活经常", "“三会一课”、主题党日、组织生活会、民主评议党员按要求开展"),
    ("5", "制度机制完善", "议事规则、党费收缴、党务公开等制度健全并执行"),
    ("6", "活动阵地达标", "有固定活动场所，标识、设施、资料规范"),
    ("7", "工作保障有力", "党费按时足额收缴，使用管理规范"),
    ("8", "作用发挥明显", "党员奉献工程、志愿服务成效明显，群众满意"),
]


def _unit(community, code, kind, name, parent=None, order=0, **extra) -> Unit:  # noqa: ANN001
    unit = Unit.objects.filter(community=community, code=code).first()
    if unit is None:
        unit = Unit.objects.create(
            community=community, code=code, kind=kind, name=name, parent=parent, sort_order=order, **extra
        )
    return unit


def _yangyi(ctx: DemoContext) -> dict[str, Unit]:
    c = ctx.community
    units: dict[str, Unit] = {}
    general = _unit(c, "general-branch", UnitKind.GENERAL_BRANCH, "阳邑社区党总支")
    for i, name in enumerate(BRANCHES, 1):
        units[f"branch-{i}"] = _unit(c, f"branch-{i}", UnitKind.BRANCH, name, general, i)
    for i, (code, name) in enumerate(OFFICES, 1):
        units[code] = _unit(c, code, UnitKind.OFFICE, name, order=i)
    window_no = 0
    for n, (code, name, kind, (sup_code, sup_name), office, windows) in enumerate(NETWORKS, 1):
        supervisor = units[sup_code] = _unit(c, sup_code, UnitKind.SUPERVISOR, sup_name, order=n)
        network = units[code] = _unit(c, code, UnitKind.NETWORK, name, order=n, network_type=kind)
        for i, window_name in enumerate(windows, 1):
            window_no += 1
            window = units[f"{code}-{i}"] = _unit(
                c,
                f"{code}-{i}",
                UnitKind.WINDOW,
                window_name,
                network,
                i,
                location=f"{name}{i}号",
                phone=f"0310-52{window_no:05d}",
            )
            if not Linkage.objects.filter(window=window).exists():
                Linkage.objects.create(
                    community=c, window=window, office=units[office], supervisor=supervisor
                )
    return units


def _documents(ctx: DemoContext) -> None:
    for title, number, issuer, category, day in DOCUMENTS:
        if not RuleDocument.objects.filter(community=ctx.community, number=number).exists():
            RuleDocument.objects.create(
                community=ctx.community,
                title=title,
                number=number,
                issuer=issuer,
                category=category,
                effective_date=datetime.date(*day),
                summary=f"《{title}》明确了相关单位和人员的职责。",
            )


def _standards(ctx: DemoContext, units: dict[str, Unit]) -> None:
    items = []
    for order, (code, title, description) in enumerate(STANDARD_ITEMS, 1):
        item = StandardItem.objects.filter(community=ctx.community, code=code).first()
        if item is None:
            item = StandardItem.objects.create(
                community=ctx.community, code=code, title=title, description=description, sort_order=order
            )
        items.append(item)
    this_year = timezone.localdate().year
    branches = [units[f"branch-{i}"] for i in range(1, len(BRANCHES) + 1)]
    secretary = ctx.users["secretary"]
    for year in (this_year - 1, this_year):
        for branch in branches:
            for item in items:
                # This year the retirees' branch has not yet held its organisational life meeting.
                met = not (year == this_year and branch.code == "branch-6" and item.code == "4")
                if not BranchCheck.objects.filter(branch=branch, item=item, year=year).exists():
                    BranchCheck.objects.create(
                        community=ctx.community,
                        branch=branch,
                        item=item,
                        year=year,
                        met=met,
                        checked_by=secretary,
                    )


def _other_community(ctx: DemoContext) -> None:
    c = ctx.other_community
    general = _unit(c, "general-branch", UnitKind.GENERAL_BRANCH, "郭二庄社区党总支")
    _unit(c, "branch-1", UnitKind.BRANCH, "机关党支部", general, 1)
    _unit(c, "branch-2", UnitKind.BRANCH, "服务党支部", general, 2)
    office = _unit(c, "office", UnitKind.OFFICE, "综合办公室")
    supervisor = _unit(c, "service-centre", UnitKind.SUPERVISOR, "生活服务中心")
    network = _unit(c, "canteen", UnitKind.NETWORK, "职工食堂", network_type="canteen")
    for i, name in enumerate(["一号售饭窗口", "二号售饭窗口", "职工超市"], 1):
        window = _unit(c, f"canteen-{i}", UnitKind.WINDOW, name, network, i)
        if not Linkage.objects.filter(window=window).exists():
            Linkage.objects.create(community=c, window=window, office=office, supervisor=supervisor)


def load(ctx: DemoContext) -> None:
    units = _yangyi(ctx)
    _documents(ctx)
    _standards(ctx, units)
    _other_community(ctx)
    c, u = ctx.community, ctx.users
    membership_grant(user=u["office"], role=Role.OFFICE, community=c, unit=units["operations"], actor=None)
    membership_grant(
        user=u["supervisor"], role=Role.SUPERVISOR, community=c, unit=units["catering"], actor=None
    )
    membership_grant(
        user=u["window"], role=Role.WINDOW_MANAGER, community=c, unit=units["canteen-1"], actor=None
    )
    membership_grant(
        user=u["member"], role=Role.PARTY_MEMBER, community=c, unit=units["branch-2"], actor=None
    )
    # The manager of window no. 1 is also the catering branch's secretary: she keeps its meetings,
    # dues and transfers because she is given the branch committee's role, not because she is a member.
    membership_grant(
        user=u["window"], role=Role.BRANCH_COMMITTEE, community=c, unit=units["branch-2"], actor=None
    )
    membership_grant(user=u["doctor"], role=Role.MEDICAL, community=c, unit=units["medical"], actor=None)
    ctx.extra["units"] = units
