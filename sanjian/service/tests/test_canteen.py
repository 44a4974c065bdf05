import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from sanjian.lib.dates import Month
from sanjian.lib.excel import write_sheet
from sanjian.service.models import Banquet, Dish, DishRating, ProductionRecord, ThemedMonth
from sanjian.service.services import canteen
from sanjian.service.views.canteen import dish_token
from sanjian.testing.members import PersonFactory


@pytest.fixture
def dish(world):
    with scope(community=world.community.pk):
        return canteen.dish_save(
            community=world.community,
            dish=Dish(canteen=world.units["network"], week=datetime.date(2026, 3, 4), name="黄芪炖鸡"),
            actor=world.secretary,
        )


def test_the_week_of_a_dish_is_its_monday(dish):
    assert dish.week == datetime.date(2026, 3, 2)


def test_a_dish_of_a_themed_month_lies_in_it(world, in_scope):
    theme = canteen.theme_save(
        community=world.community,
        theme=ThemedMonth(name="药膳宣传月", month=datetime.date(2026, 4, 9)),
        actor=world.secretary,
    )
    assert theme.month == datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError):
        canteen.dish_save(
            community=world.community,
            dish=Dish(
                canteen=world.units["network"], week=datetime.date(2026, 6, 1), name="当归羊肉汤", theme=theme
            ),
            actor=world.secretary,
        )


def test_a_resident_rates_the_dish_without_an_account(world, dish):
    client = world.client(None)
    link = world.url(f"service/canteen/rate/{dish_token(dish)}/")
    assert client.get(link).status_code == 200
    response = client.post(link, {"level": "5", "comment": "好吃"})
    assert response.status_code == 303
    again = client.post(link, {"level": "1"})  # the same device within the hour
    assert again.status_code == 429
    with scopes_disabled():
        dish.refresh_from_db()
        assert (dish.ratings, dish.rating_total, DishRating.objects.count()) == (1, 5, 1)


def test_a_rating_without_stars_is_refused_and_nothing_is_written(world, dish):
    response = world.client(None).post(world.url(f"service/canteen/rate/{dish_token(dish)}/"), {"level": "9"})
    assert response.status_code == 400
    with scopes_disabled():
        assert DishRating.objects.count() == 0


def test_a_forged_or_foreign_dish_link_is_404(world, dish):
    assert world.client(None).get(world.url("service/canteen/rate/1.1:forged/")).status_code == 404
    other = world.url(f"service/canteen/rate/{dish_token(dish)}/", world.neighbour_community)
    assert world.client(None).get(other).status_code == 404


def _sheet(rows):
    headers = ["工号", "姓名", "班组", "日期", "成绩"]
    return SimpleUploadedFile("records.xlsx", write_sheet(headers, rows))


def test_production_records_import_all_or_nothing(world, in_scope):
    with scopes_disabled():
        PersonFactory(community=world.community, name="张三", employee_number="1001")
        PersonFactory(community=world.community, name="李四")
    bad = _sheet(
        [
            ["1001", "张三", "综采一队", "2026-03-18", "单班产量创纪录"],
            ["", "王五", "掘进二队", "2026-03-19", "进尺第一"],
        ]
    )
    with pytest.raises(ValidationError) as refused:
        canteen.records_import(community=world.community, upload=bad, actor=world.secretary)
    assert "3" in refused.value.messages[0]  # the row of 王五
    assert ProductionRecord.objects.count() == 0
    good = _sheet(
        [
            ["1001", "张三", "综采一队", "2026-03-18", "单班产量创纪录"],
            ["", "李四", "掘进二队", "2026-03-19", "进尺第一"],
        ]
    )
    assert len(canteen.records_import(community=world.community, upload=good, actor=world.secretary)) == 2


def test_a_hero_banquet_seats_the_people_its_records_name(world, in_scope):
    with scopes_disabled():
        hero = PersonFactory(community=world.community, name="张三")
    record = canteen.record_add(
        community=world.community,
        record=ProductionRecord(
            person=hero, team="综采一队", achieved_on=datetime.date(2026, 3, 18), achievement="月产创纪录"
        ),
        actor=world.secretary,
    )
    with pytest.raises(ValidationError):
        canteen.banquet_hold(
            community=world.community,
            banquet=Banquet(kind="hero", title="英雄宴", held_on=datetime.date(2026, 3, 20)),
            actor=world.secretary,
        )
    assert not Banquet.objects.exists()
    feast = canteen.banquet_hold(
        community=world.community,
        banquet=Banquet(kind="hero", title="三月英雄宴", held_on=datetime.date(2026, 3, 20)),
        records=[record],
        actor=world.secretary,
    )
    assert [(g.person, g.record) for g in feast.guests.all()] == [(hero, record)]


def test_birthdays_across_the_month_and_the_leap_day(world, in_scope):
    with scopes_disabled():
        PersonFactory(
            community=world.community,
            name="闰日",
            birth_date=datetime.date(1988, 2, 29),
            unit=world.units["office"],
        )
        PersonFactory(community=world.community, name="月末", birth_date=datetime.date(1990, 2, 28))
        PersonFactory(community=world.community, name="三月一日", birth_date=datetime.date(1990, 3, 1))
        PersonFactory(community=world.community, name="一月", birth_date=datetime.date(1975, 1, 31))

    def names(month, unit=None):
        return [
            (day, p.name)
            for day, p in canteen.birthdays(month, unit)
            if p.name in ("闰日", "月末", "三月一日", "一月")
        ]

    assert names(Month(2027, 2)) == [
        (datetime.date(2027, 2, 28), "月末"),
        (datetime.date(2027, 2, 28), "闰日"),
    ]
    assert names(Month(2028, 2)) == [
        (datetime.date(2028, 2, 28), "月末"),
        (datetime.date(2028, 2, 29), "闰日"),
    ]
    assert names(Month(2027, 3)) == [(datetime.date(2027, 3, 1), "三月一日")]
    assert names(Month(2027, 1)) == [(datetime.date(2027, 1, 31), "一月")]
    assert names(Month(2027, 2), world.units["office"]) == [(datetime.date(2027, 2, 28), "闰日")]


def test_production_records_move_with_the_person(world, in_scope):
    with scopes_disabled():
        hero = PersonFactory(community=world.community)
    record = canteen.record_add(
        community=world.community,
        record=ProductionRecord(
            person=hero, team="综采一队", achieved_on=datetime.date(2026, 3, 18), achievement="月产创纪录"
        ),
        actor=world.secretary,
    )
    with scopes_disabled():
        canteen.person_moved(
            person=hero, source=world.community, target=world.neighbour_community, actor=None, reason="转接"
        )
        record.refresh_from_db()
        assert record.community_id == world.neighbour_community.pk
        assert {h.community_id for h in record.history.all()} == {world.neighbour_community.pk}


def test_the_canteen_pages_export(world, dish):
    client = world.client("secretary")
    for path in [
        "service/canteen/",
        "service/canteen/records/",
        "service/canteen/banquets/",
        "service/canteen/birthdays/",
    ]:
        assert client.get(world.url(path)).status_code == 200, path
        response = client.get(world.url(path) + "?format=xlsx")
        assert response.status_code == 200 and response.content[:2] == b"PK", path
    assert (
        io.BytesIO(client.get(world.url("service/canteen/records/import/?template=1")).content).read(2)
        == b"PK"
    )
