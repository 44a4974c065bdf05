"""Demo records of the service app, made through its services (so history shows who did what).

阳邑社区's staff apartments (three buildings, attendants with floor duty, a year of floor
inspections, repairs and complaints), its cleaning areas (one new area from June, one shift
schedule with a night gap), the canteen's dish of every week of 2026 with an April 药膳宣传月,
production records with hero banquets and monthly birthday banquets, and the company's
优质服务流动红旗 for apartments over January–October 2026 between 阳邑 and 郭二庄, which
阳邑's apartments win most months (a verified serious complaint vetoes them in July).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope

from sanjian.lib.dates import Month, months_between
from sanjian.lib.demo import DemoContext
from sanjian.lib.records import Actor
from sanjian.members.models import Person
from sanjian.org.models import Unit, UnitKind
from sanjian.org.services import unit_save
from sanjian.service import services
from sanjian.service.models import (
    Banquet,
    BanquetKind,
    Building,
    CleaningArea,
    Competition,
    Dish,
    Floor,
    ProductionRecord,
    Room,
    ServiceRequest,
    Sheet,
    SheetKind,
    ThemedMonth,
)
from sanjian.service.services import canteen, redflag
from sanjian.tenancy.models import Community

D = Decimal
YEAR = 2026
FLOOR_ITEMS = [("内务", 30), ("卫生", 30), ("安全", 20), ("服务", 20)]
FLOOR_FAULTS = {
    "内务": ["被褥未叠放整齐", "物品摆放杂乱", "鞋子未归位"],
    "卫生": ["楼道有垃圾", "卫生间有异味", "窗台积灰", "地面有水渍"],
    "安全": ["私拉电线", "灭火器压力不足", "安全出口堆放杂物"],
    "服务": ["值班记录不全", "报修未及时登记", "服务员未佩戴工牌"],
}
AREA_ITEMS = [("路面保洁", 40), ("垃圾清运", 30), ("绿化带", 20), ("作业规范", 10)]
#: The months 郭二庄 wins (July also through 阳邑's veto); 阳邑 wins the others.
THEIR_MONTHS = {3, 7, 9}
DISHES = [
    "红烧肉", "清蒸鲈鱼", "宫保鸡丁", "鱼香肉丝", "麻婆豆腐", "糖醋里脊", "回锅肉", "土豆炖牛肉",
    "西红柿炒蛋", "酸菜鱼", "红烧排骨", "小炒黄牛肉", "地三鲜", "木须肉", "京酱肉丝", "干煸豆角",
    "蒜蓉西兰花", "可乐鸡翅", "东坡肘子", "梅菜扣肉", "水煮鱼", "孜然羊肉", "香菇油菜", "啤酒鸭",
]  # fmt: skip
HERBAL = [
    ("黄芪炖鸡", "补气固表，适合井下作业后体虚乏力的职工。"),
    ("当归生姜羊肉汤", "温中补血，驱寒暖身。"),
    ("山药枸杞粥", "健脾养胃，适合夜班后食用。"),
    ("茯苓薏米排骨汤", "健脾祛湿，缓解身体困重。"),
]


def load(ctx: DemoContext) -> None:
    c = ctx.community
    with scope(community=c.pk):
        if Building.objects.filter(community=c).exists():
            return
    rng = random.Random(2026)
    today = timezone.localdate()
    secretary, inspector = ctx.users["secretary"], ctx.users["inspector"]
    ours = Unit.objects.get(community=c, code="apartments")
    with scope(community=c.pk):
        sheet = _floor_sheet(c, secretary)
        floors = _apartments(c, ours, secretary, rng)
        _inspections(c, sheet, floors, inspector, rng, today, lenient=lambda m: m not in THEIR_MONTHS)
        _requests(c, floors, secretary, rng, today)
        _cleaning(c, ctx, secretary, inspector, rng, today)
        _canteen(c, ctx, secretary, rng, today)
    theirs = _other(ctx, rng, today)
    _competition(ctx, ours, theirs)


def _floor_sheet(c, actor):  # noqa: ANN001
    items = [services.ItemSpec(title, D(cap)) for title, cap in FLOOR_ITEMS]
    items.append(services.ItemSpec("重大安全责任事故", is_veto=True))
    return services.sheet_create(
        community=c, name="公寓楼层检查表（百分制）", kind=SheetKind.FLOOR, items=items, actor=actor
    )


def _apartments(
    c: Community,
    unit: Unit,
    actor: Actor,
    rng: random.Random,
    *,
    buildings: tuple[str, ...] = ("1号公寓楼", "2号公寓楼", "单身公寓"),
    prefix: str = "",
) -> list[Floor]:
    """Buildings of four floors of eight four-bed rooms; attendants with floor duty (two floors
    each, one handover in July); two thirds of the beds taken by people of the archive."""
    people = list(Person.objects.filter(community=c, is_active=True, category="worker").order_by("pk"))
    attendants, residents = people[:8], people[8:]
    floors, rooms = [], []
    for b, name in enumerate(buildings):
        building = services.building_save(
            community=c,
            building=Building(name=name, unit=unit, address=f"{prefix}生活区{b + 1}排"),
            actor=actor,
        )
        for number in range(1, 5):
            floor = services.floor_save(
                community=c, floor=Floor(building=building, number=number), actor=actor
            )
            floors.append(floor)
            for r in range(1, 9):
                room = Room(floor=floor, number=f"{number}{r:02d}", capacity=4 if name != "单身公寓" else 2)
                rooms.append(services.room_save(community=c, room=room, actor=actor))
    start = datetime.date(YEAR - 1, 12, 1)
    for i, floor in enumerate(floors):
        services.floor_duty_assign(
            community=c,
            floor=floor,
            attendant=attendants[(i // 2) % len(attendants)],
            starts_on=start,
            actor=actor,
        )
    if (
        len(floors) > 2 and len(attendants) > 1
    ):  # a handover mid-year: deductions after it fall on the new attendant
        services.floor_duty_assign(
            community=c,
            floor=floors[2],
            attendant=attendants[-1],
            starts_on=datetime.date(YEAR, 7, 16),
            actor=actor,
        )
    beds = [room for room in rooms for _ in range(room.capacity)]
    rng.shuffle(beds)
    for person, room in zip(residents, beds[: len(beds) * 2 // 3], strict=False):
        day = datetime.date(YEAR - 1, 12, 1) + datetime.timedelta(days=rng.randrange(0, 200))
        services.room_assign(community=c, room=room, person=person, check_in=day, actor=actor)
    return floors


def _inspections(
    c: Community,
    sheet: Sheet,
    floors: list[Floor],
    actor: Actor,
    rng: random.Random,
    today: datetime.date,
    *,
    lenient: Callable[[int], bool],
) -> None:
    """Two floor inspections per building a week, from January to today; a lenient month
    (the unit wins it) has fewer faults."""
    items = {i.title: i for i in sheet.items.all() if not i.is_veto}
    by_building: dict[int, list[Floor]] = {}
    for floor in floors:
        by_building.setdefault(floor.building_id, []).append(floor)
    day = datetime.date(YEAR, 1, 5)
    while day <= today:
        for building_floors in by_building.values():
            for offset in (1, 3):
                when = day + datetime.timedelta(days=offset)
                if when > today:
                    continue
                faults = rng.choice((0, 1, 1, 2)) if lenient(when.month) else rng.choice((1, 2, 2, 3))
                marks = []
                for title in rng.sample(list(items), faults):
                    marks.append(
                        services.Mark(
                            items[title], D(rng.choice((0.5, 1, 1, 2))), rng.choice(FLOOR_FAULTS[title])
                        )
                    )
                services.inspection_record(
                    community=c,
                    sheet=sheet,
                    floor=rng.choice(building_floors),
                    inspected_on=when,
                    marks=marks,
                    actor=actor,
                )
        day += datetime.timedelta(days=7)


def _requests(
    c: Community, floors: list[Floor], actor: Actor, rng: random.Random, today: datetime.date
) -> None:
    rooms = list(Room.objects.filter(floor__in=floors))
    repairs = ["水龙头漏水", "门锁损坏", "暖气不热", "灯管不亮", "下水道堵塞", "窗户关不严"]
    for n in range(18):
        reported = datetime.date(YEAR, 1, 10) + datetime.timedelta(days=n * 18)
        if reported > today:
            break
        item = services.request_open(
            community=c,
            request=ServiceRequest(
                room=rng.choice(rooms),
                kind="repair",
                reported_on=reported,
                reporter=f"住户{n + 1}",
                description=rng.choice(repairs),
            ),
            actor=actor,
        )
        if reported < today - datetime.timedelta(days=10):
            services.request_resolve(
                request=item,
                resolution="维修班已上门修复",
                resolved_on=reported + datetime.timedelta(days=1),
                actor=actor,
            )
            services.request_call_back(
                request=item, satisfaction="satisfied" if n % 5 else "unreachable", actor=actor
            )
    complaint = services.request_open(
        community=c,
        request=ServiceRequest(
            room=rooms[5],
            kind="complaint",
            reported_on=datetime.date(YEAR, 7, 14),
            reporter="住户代表",
            description="夜班职工休息时楼道长时间施工噪音，服务员未及时制止",
        ),  # fmt: skip
        actor=actor,
    )
    services.complaint_verify(request=complaint, serious=True, reason="经公寓管理中心核查属实", actor=actor)
    services.request_resolve(
        request=complaint,
        resolution="调整施工时间，对责任服务员批评教育",
        resolved_on=datetime.date(YEAR, 7, 15),
        actor=actor,
    )
    services.request_call_back(request=complaint, satisfaction="satisfied", actor=actor)


def _cleaning(
    c: Community, ctx: DemoContext, actor: Actor, inspector: Actor, rng: random.Random, today: datetime.date
) -> None:
    unit = Unit.objects.get(community=c, code="property")
    cleaners = list(
        Person.objects.filter(community=c, is_active=True, category="worker").order_by("-pk")[:10]
    )
    areas = [
        ("矿区中心广场", 12000, datetime.date(YEAR - 1, 1, 1)),
        ("公寓区主干道", 8600, datetime.date(YEAR - 1, 1, 1)),
        ("生活区绿化带", 5200, datetime.date(YEAR - 1, 1, 1)),
        ("职工食堂周边", 3100, datetime.date(YEAR - 1, 1, 1)),
        ("新建职工停车场", 4500, datetime.date(YEAR, 6, 1)),
    ]
    T = datetime.time
    made = []
    for n, (name, m2, since) in enumerate(areas):
        area = services.area_save(
            community=c, area=CleaningArea(name=name, size_m2=D(m2), unit=unit, starts_on=since), actor=actor
        )
        made.append(area)
        a, b, night = cleaners[(2 * n) % 10], cleaners[(2 * n + 1) % 10], cleaners[(2 * n + 5) % 10]
        services.shift_add(
            community=c, area=area, person=a, starts_at=T(6), ends_at=T(14), valid_from=since, actor=actor
        )
        services.shift_add(
            community=c, area=area, person=b, starts_at=T(14), ends_at=T(22), valid_from=since, actor=actor
        )
        if name != "新建职工停车场":  # the new car park has no night shift yet: the timeline flags the gap
            services.shift_add(
                community=c,
                area=area,
                person=night,
                starts_at=T(22),
                ends_at=T(6),
                valid_from=since,
                actor=actor,
            )
    sheet = services.sheet_create(
        community=c,
        name="环境保洁检查表（百分制）",
        kind=SheetKind.AREA,
        items=[services.ItemSpec(title, D(cap)) for title, cap in AREA_ITEMS],
        actor=actor,
    )
    items = list(sheet.items.all())
    for month in months_between(Month(YEAR, 1), Month.of(today)):
        for area in made:
            day = month.start + datetime.timedelta(days=rng.randrange(0, 25))
            if day > today or day < area.starts_on:
                continue
            item = rng.choice(items)
            marks = (
                [services.Mark(item, D(rng.choice((1, 2))), "检查发现保洁不到位")]
                if rng.random() < 0.5
                else []
            )
            services.inspection_record(
                community=c, sheet=sheet, area=area, inspected_on=day, marks=marks, actor=inspector
            )


def _canteen(c: Community, ctx: DemoContext, actor: Actor, rng: random.Random, today: datetime.date) -> None:
    canteen_unit = Unit.objects.get(community=c, code="canteen")
    theme = canteen.theme_save(
        community=c,
        theme=ThemedMonth(
            name="药膳宣传月",
            month=datetime.date(YEAR, 4, 1),
            health_notes="四月职工食堂每周推出一道药膳，配发药膳知识卡片；社区卫生服务站医生到食堂讲解春季养生。",
        ),
        actor=actor,
    )
    week, n, herbal = datetime.date(YEAR, 1, 5), 0, iter(HERBAL)
    while week <= today:
        if week.month == 4:
            name, note = next(herbal, (DISHES[n % len(DISHES)], ""))
            dish = Dish(
                canteen=canteen_unit,
                week=week,
                name=name,
                theme=theme,
                health_note=note,
                description="药膳宣传月特色菜",
            )
        else:
            dish = Dish(
                canteen=canteen_unit,
                week=week,
                name=DISHES[n % len(DISHES)],
                description="本周特色菜，限量供应。",
            )
            n += 1
        dish = canteen.dish_save(community=c, dish=dish, actor=actor)
        lunch = datetime.datetime.combine(week + datetime.timedelta(days=2), datetime.time(12, 10))
        when = min(timezone.make_aware(lunch), timezone.now())
        for _ in range(rng.randrange(6, 14)):
            canteen.dish_rate(community=c, dish=dish, level=rng.choice((5, 5, 4, 4, 4, 3)), now=when)
        week += datetime.timedelta(days=7)
    people = list(Person.objects.filter(community=c, is_active=True, category="worker").order_by("pk")[20:40])
    teams = ["综采一队", "综采二队", "掘进一队", "掘进三队", "机电队"]
    feats = ["单班产量创全矿纪录", "月进尺创矿井新高", "安全生产无事故满一千天", "技术革新节约成本十二万元"]
    records = []
    for i, person in enumerate(people[:12]):
        day = datetime.date(YEAR, 1 + (i * 10) // 12, 8 + i)
        if day > today:
            continue
        records.append(
            canteen.record_add(
                community=c,
                record=ProductionRecord(
                    person=person,
                    team=teams[i % len(teams)],
                    achieved_on=day,
                    achievement=feats[i % len(feats)],
                ),
                actor=actor,
            )
        )
    for quarter in range(4):
        earned = [r for r in records if (r.achieved_on.month - 1) // 3 == quarter]
        held = datetime.date(YEAR, 3 * quarter + 3, 25)
        if earned and held <= today:
            canteen.banquet_hold(
                community=c,
                banquet=Banquet(
                    kind=BanquetKind.HERO,
                    title=f"{YEAR}年第{quarter + 1}季度英雄宴",
                    held_on=held,
                    canteen=canteen_unit,
                ),
                records=earned,
                actor=actor,
            )
    for month in months_between(Month(YEAR, 1), Month.of(today).previous()):
        guests = [p for _day, p in canteen.birthdays(month)]
        if guests:
            canteen.banquet_hold(
                community=c,
                banquet=Banquet(
                    kind=BanquetKind.BIRTHDAY,
                    title=f"{month.year}年{month.month}月集体生日宴",
                    held_on=month.start + datetime.timedelta(days=14),
                    canteen=canteen_unit,
                ),
                guests=guests,
                actor=actor,
            )


def _other(ctx: DemoContext, rng: random.Random, today: datetime.date) -> Unit:
    """郭二庄's apartments: one building, its own sheet and inspections, to compete with."""
    c, actor = ctx.other_community, ctx.users["outsider"]
    with scope(community=c.pk):
        unit = Unit.objects.filter(community=c, code="apartments").first() or unit_save(
            community=c,
            unit=Unit(kind=UnitKind.NETWORK, name="职工公寓", code="apartments", network_type="apartment"),
            actor=actor,
        )
        sheet = _floor_sheet(c, actor)
        floors = _apartments(c, unit, actor, rng, buildings=("郭二庄职工公寓楼",), prefix="郭二庄")
        _inspections(c, sheet, floors, actor, rng, today, lenient=lambda m: m in THEIR_MONTHS)
    return unit


def _competition(ctx: DemoContext, ours: Unit, theirs: Unit) -> None:
    admin = ctx.users["company"]
    competition = redflag.competition_save(
        company=ctx.company,
        competition=Competition(
            name="优质服务流动红旗（职工公寓）",
            kind=SheetKind.FLOOR,
            flags=1,
            first_month=datetime.date(YEAR, 1, 1),
            last_month=datetime.date(YEAR, 10, 1),
            description="一周一考评、一月一流动：每周检查得分取平均，月末按各周平均分排名，前一名授旗；"
            "当月有查实的严重投诉的单位一票否决。",
        ),
        actor=admin,
    )
    redflag.entrant_add(competition=competition, unit=ours, actor=admin)
    redflag.entrant_add(competition=competition, unit=theirs, actor=admin)
    for month in months_between(Month(YEAR, 1), Month(YEAR, 10)):
        if month.end >= timezone.localdate():
            break
        stored = redflag.round_rank(competition=competition, month=month, actor=admin)
        # the committee confirms in the first days of the next month, as it would have
        meeting = datetime.datetime.combine(
            month.next().start + datetime.timedelta(days=2), datetime.time(10)
        )
        redflag.round_confirm(
            round=stored, actor=admin, now=min(timezone.make_aware(meeting), timezone.now())
        )
