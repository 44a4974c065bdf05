"""A year of the benchmark-window competition in 阳邑社区, and three months in 郭二庄社区.

The refined standard of each kind of network; a year of residents' ratings with the canteen's
lunch peak and a few poorly rated windows (the laundry all year, the water-and-power desk until
the summer); the tickets of every bad rating in every state, with appeals; monthly inspections;
benchmark titles. Volume is made with ``bulk_create`` and the rollups are built from the ratings
in memory, so ``load_demo`` stays fast. Idempotent: each part is skipped when it already exists.
"""

from __future__ import annotations

import datetime
import random
from collections import namedtuple
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sanjian.lib import scoring
from sanjian.lib.dates import Month
from sanjian.lib.demo import DemoContext
from sanjian.lib.workdays import add_workdays
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.windows.models import (
    Appeal,
    AppealGround,
    AppealStatus,
    BenchmarkTitle,
    CallbackResult,
    Criterion,
    DailyRollup,
    Deduction,
    Dimension,
    Inspection,
    InspectionLine,
    InspectionStatus,
    NotApplicable,
    Policy,
    Rating,
    Reason,
    Source,
    Standard,
    Ticket,
    TicketStatus,
)
from sanjian.windows.rollups import LEVEL_FIELDS, RATING_COLUMNS, rollups_from_ratings

S, E, INN, L, R = (
    Dimension.SERVICE,
    Dimension.ENVIRONMENT,
    Dimension.INNOVATION,
    Dimension.LEARNING,
    Dimension.RESULTS,
)
# (dimension, code, requirement, how it is checked, points); a veto item has 0 points.
COMMON = [
    (INN, "3.2", "建立意见簿，收集职工群众意见并逐条改进", "无意见簿或意见未回复，一条扣1分", 7),
    (L, "4.1", "每月参加业务和安全培训，有签到和记录", "缺一次培训扣2分", 5),
    (L, "4.2", "岗位党员亮身份、作表率，掌握应知应会", "抽问不合格一人扣1分", 5),
    (R, "5.1", "月度满意率达到95%以上", "每低1个百分点扣2分", 10),
    (R, "5.2", "差评在期限内整改并回访", "逾期一单扣2分", 10),
    (S, "V", "发生经核实的严重服务投诉或安全事故", "一票否决，本次检查计0分", 0),
]
STANDARDS = {
    "canteen": (
        "职工食堂精细化工作标准",
        [
            (S, "1.1", "文明用语、微笑服务，不推诿、不顶撞", "服务态度问题一次扣2分", 8),
            (S, "1.2", "统一着装，佩戴工牌、帽子和口罩", "一人次不规范扣1分", 6),
            (S, "1.3", "按时开窗售饭，菜价公示，打菜足量", "迟开窗或缺斤少两一次扣2分", 8),
            (S, "1.4", "服务承诺、监督电话和评价二维码上墙公示", "缺一项扣1分", 4),
            (S, "1.5", "就餐高峰增开窗口，老弱病残优先", "高峰排队超过10分钟扣2分", 4),
            (E, "2.1", "餐具每餐清洗消毒，食品留样记录完整", "一处不合格扣2分", 10),
            (E, "2.2", "生熟分开，原料在保质期内", "发现过期原料扣4分", 8),
            (E, "2.3", "售饭台面、就餐区地面桌椅整洁，无蚊蝇", "一处不洁扣1分", 7),
            (INN, "3.1", "开展“每周一道菜”、药膳宣传月等特色服务", "当月未开展扣4分", 8),
        ],
    ),
    "apartment": (
        "职工公寓精细化工作标准",
        [
            (S, "1.1", "服务台24小时有人值守，来访登记规范", "脱岗一次扣3分", 8),
            (S, "1.2", "文明用语，报修、咨询首问负责", "推诿一次扣2分", 8),
            (S, "1.3", "服务员楼层分工责任制落实到人", "责任不清一层扣2分", 6),
            (S, "1.4", "服务承诺、收费标准和评价二维码公示", "缺一项扣1分", 4),
            (S, "1.5", "下井职工换洗衣物当日收发", "延误一次扣1分", 4),
            (E, "2.1", "楼道、卫生间每日保洁，无异味", "一处不洁扣1分", 10),
            (E, "2.2", "床上用品定期更换、消毒", "未按期更换扣2分", 8),
            (E, "2.3", "消防通道畅通，设施完好", "堵塞一处扣2分", 7),
            (INN, "3.1", "开展“职工之家”特色服务（生日慰问、代购等）", "当月未开展扣4分", 8),
        ],
    ),
    "property": (
        "物业服务精细化工作标准",
        [
            (S, "1.1", "报修受理后30分钟内响应，当日修复", "超时一次扣2分", 10),
            (S, "1.2", "维修人员着装统一，持证上岗", "一人次不规范扣1分", 5),
            (S, "1.3", "班车准点发车，车况良好，驾驶文明", "晚点一次扣2分", 8),
            (S, "1.4", "收费项目、标准和评价二维码公示", "缺一项扣1分", 3),
            (S, "1.5", "水电停供提前一天通知", "未通知一次扣2分", 4),
            (E, "2.1", "服务场所干净整洁，工具摆放有序", "一处不洁扣1分", 8),
            (E, "2.2", "浴池水温适宜，每日换水消毒", "不合格一次扣2分", 9),
            (E, "2.3", "公共区域绿化、照明完好", "损坏未修一处扣1分", 8),
            (INN, "3.1", "推行“维修一张卡”、预约上门等便民举措", "当月无举措扣4分", 8),
        ],
    ),
    "medical": (
        "医疗服务精细化工作标准",
        [
            (S, "1.1", "挂号、收费、取药文明服务，耐心解答", "服务态度问题一次扣2分", 8),
            (S, "1.2", "医护人员着装规范，佩戴胸牌", "一人次不规范扣1分", 5),
            (S, "1.3", "处方调配准确，用药交代清楚", "差错一次扣4分", 9),
            (S, "1.4", "药品价格、服务承诺和评价二维码公示", "缺一项扣1分", 4),
            (S, "1.5", "送医送药进宿舍，慢病随访按期", "漏访一人扣1分", 4),
            (E, "2.1", "诊室、药房清洁，医疗废物分类处置", "一处不合格扣2分", 10),
            (E, "2.2", "药品按规定储存，无过期药品", "发现过期药品扣4分", 8),
            (E, "2.3", "候诊区整洁有序，有饮水和座椅", "一处不足扣1分", 7),
            (INN, "3.1", "开展“白衣天使进社区”健康讲座和义诊", "当月未开展扣4分", 8),
        ],
    ),
    "mine_area": (
        "矿区“五化”精细化工作标准",
        [
            (S, "1.1", "矿灯、自救器按时发放，收发登记无差错", "差错一次扣2分", 10),
            (S, "1.2", "文明用语，井口服务热情周到", "服务态度问题一次扣2分", 6),
            (S, "1.3", "服务承诺和评价二维码公示", "缺一项扣1分", 4),
            (S, "1.4", "交接班有记录，问题当班处理", "记录缺失一次扣1分", 6),
            (E, "2.1", "环境净化：道路、场地每日清扫", "一处不洁扣1分", 8),
            (E, "2.2", "设备亮化、物料定置化摆放", "一处不规范扣1分", 8),
            (E, "2.3", "绿化美化，责任区划分到人", "责任区不清扣2分", 8),
            (INN, "3.1", "推行矿灯房“一站式”服务等创新做法", "当月无举措扣4分", 8),
        ],
    ),
}
# Items that do not apply to some windows: (window code, item number, reason).
EXEMPTIONS = [
    ("canteen-8", "3.1", "职工超市不制作菜品"),
    ("canteen-8", "2.2", "职工超市只销售定型包装食品，由市场监管部门检查"),
    ("canteen-7", "1.5", "班中餐配送窗口不设排队就餐"),
    ("property-1", "2.2", "交通班车服务窗口不涉及浴池"),
    ("property-1", "1.1", "交通班车服务窗口不受理报修"),
]
# Ratings a day on an ordinary weekday (canteen windows less at weekends).
DAILY = {
    "canteen-1": 16,
    "canteen-2": 15,
    "canteen-3": 14,
    "canteen-4": 12,
    "canteen-5": 10,
    "canteen-6": 4,
    "canteen-7": 6,
    "canteen-8": 5,
    "medical-1": 5,
    "medical-2": 4,
    "medical-3": 2,
}
# Share of each level (5 … 1) by how well a window serves.
GOOD = (0.64, 0.27, 0.06, 0.02, 0.01)
FAIR = (0.48, 0.32, 0.12, 0.05, 0.03)
POOR = (0.30, 0.28, 0.17, 0.15, 0.10)
QUALITY = {"apartments-5": POOR, "canteen-4": FAIR, "property-4": FAIR}
REASONS = {
    "canteen": [(Reason.QUALITY, 4), (Reason.ATTITUDE, 2), (Reason.EFFICIENCY, 3), (Reason.ENVIRONMENT, 1)],
    "apartments": [
        (Reason.EFFICIENCY, 3),
        (Reason.QUALITY, 3),
        (Reason.ATTITUDE, 2),
        (Reason.ENVIRONMENT, 2),
    ],
    "property": [(Reason.EFFICIENCY, 5), (Reason.ATTITUDE, 2), (Reason.QUALITY, 2), (Reason.OTHER, 1)],
    "medical": [(Reason.EFFICIENCY, 3), (Reason.ATTITUDE, 3), (Reason.QUALITY, 1), (Reason.ENVIRONMENT, 1)],
    "mine-area": [(Reason.EFFICIENCY, 3), (Reason.ATTITUDE, 2), (Reason.ENVIRONMENT, 2)],
}
# What residents write depends on what the window does: a comment is picked from the window's own
# list, else its network's, else the words any window can earn (never a canteen complaint about
# the bathhouse).
GENERAL_COMMENTS = {
    Reason.QUALITY: ["服务不到位"],
    Reason.ATTITUDE: ["说话太冲", "问了几遍不理人", "态度不耐烦"],
    Reason.EFFICIENCY: ["排队太久", "等了很久没人办"],
    Reason.ENVIRONMENT: ["地面有水很滑", "卫生不太干净"],
    Reason.OTHER: ["建议延长营业时间"],
}
NETWORK_COMMENTS = {
    "canteen": {
        Reason.QUALITY: ["菜有点咸", "米饭夹生", "馒头不热", "分量太少"],
        Reason.ATTITUDE: ["打菜时一直看手机", "态度不耐烦"],
        Reason.EFFICIENCY: ["排队太久", "开窗晚了十分钟"],
        Reason.ENVIRONMENT: ["桌子没擦", "有苍蝇"],
    },
    "apartments": {
        Reason.QUALITY: ["房间没打扫干净", "热水不热"],
        Reason.EFFICIENCY: ["报修两天没人来", "办入住等了很久"],
        Reason.ENVIRONMENT: ["楼道有异味"],
    },
    "property": {
        Reason.QUALITY: ["修完又坏了"],
        Reason.EFFICIENCY: ["报修两天没人来"],
    },
    "medical": {
        Reason.QUALITY: ["医生解释得不清楚"],
        Reason.EFFICIENCY: ["取药等了半小时", "挂号排队太久"],
    },
    "mine-area": {
        Reason.QUALITY: ["矿灯充电不足"],
        Reason.ENVIRONMENT: ["井口附近垃圾没清"],
    },
}
# Windows that do something else than their network: the whole list is theirs.
WINDOW_COMMENTS = {
    "apartments-5": {  # 洗衣房
        Reason.QUALITY: ["衣服没洗干净"],
        Reason.EFFICIENCY: ["衣服三天还没送回"],
    },
    "property-1": {  # 交通班车服务窗口
        Reason.QUALITY: ["车内太挤"],
        Reason.EFFICIENCY: ["班车晚点十分钟"],
        Reason.OTHER: ["希望增加晚班车次"],
    },
    "property-4": {  # 浴池服务窗口
        Reason.QUALITY: ["水温忽冷忽热"],
        Reason.EFFICIENCY: ["开门晚了"],
        Reason.ENVIRONMENT: ["更衣室地面湿滑"],
    },
}


def comments_for(window_code: str, network: str, reason: str) -> list[str]:
    """The comments a resident of this window could write for this reason."""
    if window_code in WINDOW_COMMENTS:
        return WINDOW_COMMENTS[window_code].get(reason) or GENERAL_COMMENTS[reason]
    return NETWORK_COMMENTS.get(network, {}).get(reason) or GENERAL_COMMENTS[reason]


RECTIFICATIONS = [
    "已与当事员工谈话，当面向职工道歉，并在班前会通报。",
    "调整排班，高峰时段增开一个窗口。",
    "已返工处理，并对流程重新培训。",
    "加强卫生巡查，每餐后由专人擦拭桌面和地面。",
    "已联系职工说明情况，落实专人跟进。",
]


def standard_items(standard: Standard) -> list[Criterion]:
    """The items of the demo standard of ``standard``'s network type, in order, unsaved
    (``generate_group`` builds its standards from them too)."""
    own = STANDARDS[standard.network_type][1]
    items = sorted(own + COMMON, key=lambda item: (item[0] != S or item[1] == "V", item[1]))
    return [
        Criterion(
            community_id=standard.community_id,
            standard=standard,
            dimension=dimension,
            code=code,
            title=text,
            method=method,
            points=Decimal(points),
            deduction_cap=Decimal(points),
            is_veto=code == "V",
            sort_order=order,
        )
        for order, (dimension, code, text, method, points) in enumerate(items, 1)
    ]


def _standards(community: Community) -> dict[str, Standard]:
    standards = {}
    for network_type, (title, _items) in STANDARDS.items():
        standard = Standard.objects.filter(community=community, network_type=network_type).first()
        if standard is None:
            standard = Standard.objects.create(
                community=community,
                network_type=network_type,
                title=title,
                description=f"依据《“为民服务标杆窗口”创建活动实施方案》制定，满分100分。{title}按“五型”形象细化考核。",
            )
        standards[network_type] = standard
        existing = set(Criterion.objects.filter(standard=standard).values_list("code", flat=True))
        for item in standard_items(standard):
            if item.code not in existing:
                item.save()
    return standards


def _exemptions(community: Community, units: dict[str, Unit], standards: dict[str, Standard]) -> None:
    for code, criterion_code, reason in EXEMPTIONS:
        window = units[code]
        criterion = Criterion.objects.get(standard=standards[window.parent.network_type], code=criterion_code)
        if not NotApplicable.objects.filter(window=window, criterion=criterion).exists():
            NotApplicable.objects.create(
                community=community, window=window, criterion=criterion, reason=reason
            )


def _windows(units: dict[str, Unit]) -> list[Unit]:
    return sorted((u for u in units.values() if u.kind == UnitKind.WINDOW), key=lambda u: u.code)


def _moment(rng: random.Random, network: str, day: datetime.date) -> datetime.datetime:
    """When a rating is given: canteen windows peak at lunch, the others in office hours."""
    if network == "canteen":
        meal = rng.choices([(6.5, 1.3), (11.3, 1.4), (17.3, 1.4), (8.0, 9.0)], weights=[12, 55, 28, 5])[0]
    elif network == "medical":
        meal = rng.choices([(8.0, 3.0), (14.5, 3.0)], weights=[65, 35])[0]
    else:
        meal = rng.choices([(8.0, 4.0), (13.5, 5.0), (18.0, 3.0)], weights=[40, 45, 15])[0]
    hour = meal[0] + rng.random() * meal[1]
    moment = datetime.time(int(hour), int(hour % 1 * 60), rng.randrange(60))
    return datetime.datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


def _quality(code: str, day: datetime.date, today: datetime.date) -> tuple[float, ...]:
    if code == "property-3":  # the water-and-power desk was poorly rated until it was talked to
        return POOR if (today - day).days > 150 else GOOD
    return QUALITY.get(code, GOOD)


# A good rating, kept as a plain tuple: tens of thousands of model instances would be slow.
Row = namedtuple("Row", "community_id window_id level created_at day excluded")


def _ratings(
    community: Community, windows: list[Unit], days: int, rng: random.Random
) -> tuple[list[Row], list[Rating]]:
    """A year of ratings: the good ones as rows, the bad ones (that open tickets) as records."""
    now = timezone.localtime()
    today = now.date()
    rows, bad = [], []
    for window in windows:
        network = window.parent.code
        base = DAILY.get(window.code, 3)
        reasons, weights = zip(*REASONS.get(network, REASONS["property"]), strict=True)
        for offset in range(days, -1, -1):
            day = today - datetime.timedelta(days=offset)
            weekend = day.weekday() >= 5
            expected = base * (0.55 if weekend and network == "canteen" else 1.0) * rng.uniform(0.6, 1.4)
            quality = _quality(window.code, day, today)
            for _n in range(round(expected)):
                moment = _moment(rng, network, day)
                if moment > now:
                    continue
                level = rng.choices([5, 4, 3, 2, 1], weights=quality)[0]
                if level >= 3:
                    rows.append(Row(community.pk, window.pk, level, moment, day, False))
                    continue
                rating = Rating(community=community, window=window, level=level, created_at=moment, day=day)
                rating.reason = rng.choices(reasons, weights=weights)[0]
                if rng.random() < 0.6:
                    rating.comment = rng.choice(comments_for(window.code, network, rating.reason))
                if rng.random() < 0.35:
                    rating.phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
                bad.append(rating)
    return rows, bad


def _insert(model: type, columns: list[str], rows: list[tuple]) -> None:
    """Insert demo volume in one ``executemany``; the ORM would prepare every value of every row."""
    q = connection.ops.quote_name
    names, marks = ", ".join(q(c) for c in columns), ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {q(model._meta.db_table)} ({names}) VALUES ({marks})", rows)


_add_workdays = cache(add_workdays)  # the same few hundred days, thousands of times


# A ticket's step after its opening: when, by whom, which fields change (what the ticket
# services write), so the demo's history reads like a real ticket's.
Step = tuple[datetime.datetime, Any, dict[str, Any]]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _ticket(
    rating: Rating, rng: random.Random, today: datetime.date, people: dict
) -> tuple[Ticket, Appeal | None, list[Step]]:
    """A ticket as opened, its appeal, and the steps it went through (as the services take them)."""
    deadline = _add_workdays(rating.day, 5)
    ticket = Ticket(
        community=rating.community,
        rating=rating,
        window=rating.window,
        opened_on=rating.day,
        deadline=deadline,
        status=TicketStatus.OPEN,
    )
    ticket._history_date = rating.created_at
    steps: list[Step] = []
    age = (today - rating.day).days
    roll = rng.random()
    appeal = None
    # A malicious or mistaken rating, appealed against; the last days always hold some still pending.
    if (roll < 0.03 and age > 3) or (3 < age <= 10 and roll < 0.25):
        upheld = rng.random() < 0.6 or age <= 10
        filed_at = rating.created_at + datetime.timedelta(days=1)
        appeal = Appeal(
            community=rating.community,
            ticket=ticket,
            ground=rng.choice([AppealGround.MALICIOUS, AppealGround.MISTAKEN]),
            statement="该评价时间段本窗口未营业，经查监控为误评。",
            filed_by=people["window"],
        )
        appeal._history_date = filed_at
        appeal._history_user = people["window"]
        steps.append((filed_at, people["window"], {"status": TicketStatus.APPEALED}))
        if age <= 10:
            return ticket, appeal, steps
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.decided_by = people["supervisor"]
        appeal.decided_at = rating.created_at + datetime.timedelta(days=3)
        appeal.decision_note = (
            "经核实，情况属实，撤销该差评。" if upheld else "经核实，当时确有排队过长情况，申诉不成立。"
        )
        if upheld:
            rating.excluded, rating.phone = True, ""
            steps.append((appeal.decided_at, people["supervisor"], {"status": TicketStatus.WITHDRAWN}))
            return ticket, appeal, steps
        steps.append((appeal.decided_at, people["supervisor"], {"status": TicketStatus.OPEN}))
    late = rng.random() < 0.12
    if age <= 2 or (age <= 12 and roll < 0.35):
        return ticket, appeal, steps  # open; some of these are past their deadline: overdue
    rectified_on = min(_add_workdays(rating.day, rng.randint(6, 9) if late else rng.randint(1, 4)), today)
    rectified = {
        "status": TicketStatus.RECTIFIED,
        "rectified_on": rectified_on,
        "rectification": rng.choice(RECTIFICATIONS),
        "rectified_by": people["window"],
    }
    steps.append(
        (
            max(_at(rectified_on, 16), steps[-1][0] if steps else rating.created_at),
            people["window"],
            rectified,
        )
    )
    if age <= 8 and roll < 0.6:
        return ticket, appeal, steps
    called_on = min(rectified_on + datetime.timedelta(days=1), today)
    called_back = {
        "status": TicketStatus.CALLED_BACK,
        "callback_result": (
            rng.choice([CallbackResult.SATISFIED, CallbackResult.BASICALLY])
            if rating.phone
            else CallbackResult.UNREACHABLE
        ),
        "callback_note": "电话回访，职工表示认可。" if rating.phone else "未留电话，现场公示整改情况。",
        "called_back_by": people["supervisor"],
    }
    steps.append((max(_at(called_on, 10), steps[-1][0]), people["supervisor"], called_back))
    if age <= 10 and roll < 0.8:
        return ticket, appeal, steps
    rating.phone = ""  # closing erases the resident's number
    closed = {"status": TicketStatus.CLOSED, "closed_by": people["supervisor"]}
    steps.append((max(_at(called_on, 11), steps[-1][0]), people["supervisor"], closed))
    return ticket, appeal, steps


def _ticket_steps(tickets: list[Ticket], steps: list[list[Step]]) -> None:
    """Take every ticket through its steps in order, one history row a step, as the services do."""
    now = timezone.now()
    for n in range(max(map(len, steps), default=0)):
        batch, fields = [], set()
        for ticket, its in zip(tickets, steps, strict=True):
            if n < len(its):
                when, user, changes = its[n]
                for name, value in changes.items():
                    setattr(ticket, name, value)
                ticket._history_date, ticket._history_user = min(when, now), user
                batch.append(ticket)
                fields.update(changes)
        bulk_update_with_history(batch, Ticket, sorted(fields), batch_size=1000)


def _rating_records(community: Community, windows: list[Unit], days: int, seed: int, people: dict) -> None:
    if Rating.objects.filter(community=community).exists():
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    rows, bad = _ratings(community, windows, days, rng)
    tickets, appeals, steps = [], [], []
    for rating in bad:
        ticket, appeal, its = _ticket(rating, rng, today, people)
        tickets.append(ticket)
        steps.append(its)
        if appeal is not None:
            appeals.append(appeal)
    ops = connection.ops
    _insert(
        Rating,
        [*RATING_COLUMNS, "excluded"],
        [
            (r.community_id, r.window_id, r.level, "", "", "", ops.adapt_datetimefield_value(r.created_at))
            + (ops.adapt_datefield_value(r.day), Source.QR, False)
            for r in rows
        ],
    )
    Rating.objects.bulk_create(bad, batch_size=1000)
    _insert(
        DailyRollup,
        ["community_id", "window_id", "day", *LEVEL_FIELDS],
        [
            (r.community_id, r.window_id, ops.adapt_datefield_value(r.day), *r.counts)
            for r in rollups_from_ratings([*rows, *bad])
        ],
    )
    for ticket in tickets:
        ticket.rating_id = ticket.rating.pk
    bulk_create_with_history(tickets, Ticket, batch_size=1000)
    for appeal in appeals:
        appeal.ticket_id = appeal.ticket.pk
    bulk_create_with_history(appeals, Appeal, batch_size=1000)
    for appeal in appeals:  # filed the day after the rating, not when the demo was loaded
        appeal.filed_at = appeal._history_date
    Appeal.objects.bulk_update(appeals, ["filed_at"])
    _ticket_steps(tickets, steps)


def _inspections(
    community: Community, windows: list[Unit], standards: dict, months: int, seed: int, people: dict
) -> list:
    """A submitted inspection of every window every month; returns the criteria and exemptions."""
    criteria = {
        key: list(Criterion.objects.filter(standard=s, is_active=True).order_by("sort_order"))
        for key, s in standards.items()
    }
    exempt = set(NotApplicable.objects.filter(community=community).values_list("window_id", "criterion_id"))
    if Inspection.objects.filter(community=community).exists():
        return criteria, exempt
    rng = random.Random(seed)
    today = timezone.localdate()
    plans = []
    for window in windows:
        network_type = window.parent.network_type
        inspector = people["supervisor"] if window.parent.code == "canteen" else people["inspector"]
        month = Month.current()
        for _back in range(months + 1):
            day = month.start + datetime.timedelta(days=rng.randint(3, 20))
            if day < today:
                plans.append((window, standards[network_type], criteria[network_type], day, inspector))
            month = month.previous()
    inspections = []
    for w, s, _c, day, who in plans:
        submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
        inspection = Inspection(
            community=community,
            window=w,
            standard=s,
            inspector=who,
            inspected_on=day,
            status=InspectionStatus.SUBMITTED,
            submitted_at=submitted,
        )
        inspection._history_date, inspection._history_user = submitted, who
        inspections.append(inspection)
    bulk_create_with_history(inspections, Inspection, batch_size=500)
    lines, deductions = _lines(community, inspections, plans, exempt, rng)
    # Lines and deductions of submitted demo inspections get no history rows: nothing changed them.
    InspectionLine.objects.bulk_create(lines, batch_size=1000)
    for deduction in deductions:
        deduction.line_id = deduction.line.pk
    Deduction.objects.bulk_create(deductions, batch_size=1000)
    _scores(inspections, lines, deductions)
    Inspection.objects.bulk_update(inspections, ["points_applicable", "points_earned", "score", "vetoed"])
    return criteria, exempt


def _lines(
    community: Community, inspections: list[Inspection], plans: list, exempt: set, rng: random.Random
) -> tuple:
    lines, deductions = [], []
    for inspection, (window, _s, items, day, who) in zip(inspections, plans, strict=True):
        poor = _quality(window.code, day, timezone.localdate()) is POOR
        for order, criterion in enumerate(items):
            applicable = (window.pk, criterion.pk) not in exempt
            line = InspectionLine.of(inspection, criterion, sort_order=order, applicable=applicable)
            if line.is_veto and poor and day.month == 7 and line.applicable:
                line.veto_triggered, line.veto_reason = True, "经核实的职工集体投诉：洗衣房连续三天未收发衣物"
            lines.append(line)
            if line.applicable and not line.is_veto and rng.random() < (0.35 if poor else 0.12):
                points = Decimal(rng.choice([1, 1, 2, 2, 3]))
                deductions.append(
                    Deduction(
                        community=community,
                        line=line,
                        points=min(points, criterion.points),
                        reason=rng.choice(
                            ["现场检查发现一处问题", "抽查记录不全", "职工反映属实", "台账未及时更新"]
                        ),
                        created_by=who,
                    )
                )
    return lines, deductions


def _scores(
    inspections: Iterable[Inspection], lines: list[InspectionLine], deductions: list[Deduction]
) -> None:
    points: dict[int, list[Decimal]] = {}
    for deduction in deductions:
        points.setdefault(deduction.line.pk, []).append(deduction.points)
    per_inspection: dict[int, list[scoring.LineScore]] = {}
    for line in lines:
        per_inspection.setdefault(line.inspection.pk, []).append(
            scoring.LineScore(
                line.points,
                line.deduction_cap,
                line.is_veto,
                line.applicable,
                line.veto_triggered,
                points.get(line.pk, []),
            )
        )
    for inspection in inspections:
        result = scoring.score(per_inspection[inspection.pk])
        inspection.points_applicable, inspection.points_earned = result.applicable, result.earned
        inspection.score, inspection.vetoed = result.value, result.vetoed


def _draft(ctx: DemoContext, community: Community, windows: list[Unit], criteria: dict, exempt: set) -> None:
    """An inspection the inspector has begun today and not yet submitted."""
    window = next(w for w in windows if w.code == "canteen-2")
    if Inspection.objects.filter(window=window, status=InspectionStatus.DRAFT).exists():
        return
    inspection = Inspection.objects.create(
        community=community,
        window=window,
        standard=Standard.objects.get(community=community, network_type="canteen"),
        inspector=ctx.users["inspector"],
        inspected_on=timezone.localdate(),
        note="午餐时段现场检查",
    )
    for order, criterion in enumerate(criteria["canteen"]):
        InspectionLine.objects.create(
            community=community,
            inspection=inspection,
            criterion=criterion,
            points=criterion.points,
            deduction_cap=criterion.deduction_cap,
            is_veto=criterion.is_veto,
            applicable=(window.pk, criterion.pk) not in exempt,
            sort_order=order,
        )


def _titles(ctx: DemoContext, community: Community, units: dict[str, Unit]) -> None:
    year = timezone.localdate().year
    titles = [
        ("canteen-1", year - 1, "全年满意率97.8%，推出“每周一道菜”，获公司优质服务流动红旗8次。"),
        ("medical-1", year - 1, "送医送药进宿舍，全年处方零差错，职工满意率98.2%。"),
        ("canteen-1", year, "连续两年满意率居全社区第一，党员示范岗作用突出。"),
        ("apartments-1", year, "落实服务员楼层分工责任制，下井职工换洗衣物当日收发。"),
    ]
    for code, title_year, reason in titles:
        window = units[code]
        if not BenchmarkTitle.objects.filter(window=window, year=title_year).exists():
            BenchmarkTitle.objects.create(
                community=community,
                window=window,
                year=title_year,
                reason=reason,
                designated_by=ctx.users["secretary"],
            )


def load(ctx: DemoContext) -> None:
    community, units = ctx.community, ctx.extra["units"]
    standards = _standards(community)
    _exemptions(community, units, standards)
    if not Policy.objects.filter(community=community).exists():
        Policy.objects.create(community=community)
    windows = _windows(units)
    people = {k: ctx.users[k] for k in ("window", "supervisor", "inspector")}
    _rating_records(community, windows, 365, 4, people)
    criteria, exempt = _inspections(community, windows, standards, 11, 5, people)
    _draft(ctx, community, windows, criteria, exempt)
    _titles(ctx, community, units)
    # 郭二庄社区 runs the competition since three months, its secretary doing everything.
    other = ctx.other_community
    other_standards = {"canteen": _standards(other)["canteen"]}
    other_windows = list(
        Unit.objects.filter(community=other, kind=UnitKind.WINDOW).select_related("parent").order_by("code")
    )
    secretary = dict.fromkeys(("window", "supervisor", "inspector"), ctx.users["outsider"])
    _rating_records(other, other_windows, 90, 6, secretary)
    _inspections(other, other_windows, other_standards, 2, 7, secretary)
