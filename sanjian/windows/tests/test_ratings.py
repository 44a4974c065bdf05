"""Residents rate a window by its QR code, without an account: five levels, a reason for the
bottom two, abuse control, and every rating counted in the window's daily rollup."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.windows import services
from sanjian.windows.models import DailyRollup, Rating, Ticket, TicketStatus, WindowProfile
from sanjian.windows.tests.factories import give_rating
from sanjian.windows.tokens import WINDOW_SALT, window_token


def ratings_of(window):
    with scopes_disabled():
        return list(Rating.objects.filter(window=window).order_by("pk"))


def rollup_of(window, day=None):
    with scopes_disabled():
        return DailyRollup.objects.filter(window=window, day=day or timezone.localdate()).first()


def test_the_qr_code_opens_a_page_with_the_five_levels_for_anyone(world, rate_url):
    response = Client().get(rate_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "甲窗口" in page
    for label in ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]:
        assert f">{label}</button>" in page
    assert "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("level", [5, 4, 3])
def test_a_good_level_is_one_tap(world, rate_url, level):
    response = Client().post(rate_url(), {"level": level})
    assert response.status_code == 303
    assert response["Location"].endswith("/thanks/")
    (rating,) = ratings_of(world.units["window"])
    assert (rating.level, rating.reason, rating.community) == (level, "", world.community)
    assert rollup_of(world.units["window"]).counts[level - 1] == 1


@pytest.mark.parametrize("level", [2, 1])
def test_a_bad_level_with_its_reason_is_recorded_and_opens_a_ticket(world, rate_url, level):
    response = Client().post(
        rate_url(), {"level": level, "reason": "attitude", "comment": " 说话太冲 ", "phone": "138 0013 8000"}
    )
    assert response.status_code == 303
    assert response["Location"].endswith("/thanks/?bad=1")
    (rating,) = ratings_of(world.units["window"])
    assert (rating.level, rating.reason, rating.comment, rating.phone) == (
        level,
        "attitude",
        "说话太冲",
        "13800138000",
    )
    with scopes_disabled():
        ticket = Ticket.objects.get(rating=rating)
    assert (ticket.window, ticket.status) == (world.units["window"], TicketStatus.OPEN)
    assert rollup_of(world.units["window"]).counts[level - 1] == 1


def test_a_bad_level_without_a_reason_asks_for_one_and_records_nothing(world, rate_url):
    response = Client().post(rate_url(), {"level": 2})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请选择不满意的原因" in page
    assert 'name="level" value="2" id="sj-bad-level"' in page  # the reasons now send level 2
    assert ratings_of(world.units["window"]) == []
    assert rollup_of(world.units["window"]) is None


def test_a_good_level_drops_what_only_a_bad_one_carries(world, rate_url):
    Client().post(rate_url(), {"level": 5, "reason": "attitude", "comment": "好", "phone": "13800138000"})
    (rating,) = ratings_of(world.units["window"])
    assert (rating.reason, rating.comment, rating.phone) == ("", "", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": 6}, "请选择五个评价等级之一"),
        ({"level": "x"}, "请选择五个评价等级之一"),
        ({}, "请选择五个评价等级之一"),
        ({"level": 1, "reason": "rude"}, "请选择不满意的原因"),
        ({"level": 1, "reason": "quality", "phone": "12345"}, "电话号码格式不正确"),
        ({"level": 1, "reason": "quality", "comment": "长" * 501}, "500"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_records_nothing(world, rate_url, data, message):
    response = Client().post(rate_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ratings_of(world.units["window"]) == []


def test_a_forged_token_is_404(world):
    token = window_token(world.units["window"])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().get(world.url(f"windows/r/{forged}/")).status_code == 404
    assert Client().post(world.url(f"windows/r/{forged}/"), {"level": 5}).status_code == 404
    assert ratings_of(world.units["window"]) == []


def test_a_token_made_for_another_window_id_without_the_secret_is_404(world):
    value = f"{world.community.pk}.{world.units['window2'].pk}.1.{timezone.localdate().toordinal()}"
    forged = signing.Signer(key="not-our-secret", salt=WINDOW_SALT).sign(value)
    assert Client().get(world.url(f"windows/r/{forged}/")).status_code == 404


@pytest.mark.parametrize("value", ["hello", "1.2.3", "1.2.x.4", "1.2.3.4.5", ""])
def test_a_correctly_signed_token_whose_payload_is_not_numbers_is_404(world, value):
    token = signing.Signer(salt=WINDOW_SALT).sign(value)
    assert Client().get(world.url(f"windows/r/{token}/")).status_code == 404
    assert Client().post(world.url(f"windows/r/{token}/"), {"level": 5}).status_code == 404


def test_a_token_of_yesterday_still_works(world):
    issued = timezone.localdate() - datetime.timedelta(days=1)
    token = window_token(world.units["window"], issued=issued)
    assert Client().post(world.url(f"windows/r/{token}/"), {"level": 5}).status_code == 303


def test_a_token_of_another_community_is_404_under_this_one(world):
    other = window_token(world.units["other_window"])
    assert Client().get(world.url(f"windows/r/{other}/")).status_code == 404
    assert Client().get(world.url(f"windows/r/{other}/", world.other_community)).status_code == 200


def test_a_token_of_a_unit_that_is_not_a_window_is_404(world):
    value = f"{world.community.pk}.{world.units['office'].pk}.1.{timezone.localdate().toordinal()}"
    token = signing.Signer(salt=WINDOW_SALT).sign(value)
    assert Client().get(world.url(f"windows/r/{token}/")).status_code == 404


def test_an_expired_token_explains_that_the_code_is_out_of_use(world, settings):
    settings.WINDOWS_QR_MAX_AGE_DAYS = 365
    issued = timezone.localdate() - datetime.timedelta(days=366)
    url = world.url(f"windows/r/{window_token(world.units['window'], issued=issued)}/")
    response = Client().post(url, {"level": 5})
    assert response.status_code == 410
    assert "该二维码已停用" in response.content.decode()
    assert ratings_of(world.units["window"]) == []


def test_replacing_the_qr_code_revokes_the_old_posters(world, rate_url):
    old = rate_url()
    with scope(community=world.community.pk):
        services.qr_revoke(community=world.community, window=world.units["window"], actor=world.secretary)
    with scopes_disabled():
        from sanjian.org.models import Unit

        window = Unit.objects.get(pk=world.units["window"].pk)
    assert Client().post(old, {"level": 5}).status_code == 410
    new = world.url(f"windows/r/{window_token(window)}/")
    assert new != old
    assert Client().post(new, {"level": 5}).status_code == 303


def test_an_inactive_window_takes_no_ratings(world, rate_url):
    url = rate_url()
    with scopes_disabled():
        window = world.units["window"]
        window.is_active = False
        window.save()
    assert Client().post(url, {"level": 5}).status_code == 404


def test_a_device_rates_a_window_once_an_hour(world, rate_url):
    client = Client()
    assert client.post(rate_url(), {"level": 5}).status_code == 303
    response = client.post(rate_url(), {"level": 1, "reason": "quality"})
    assert response.status_code == 429
    assert "您在一小时内已评价过本窗口" in response.content.decode()
    assert len(ratings_of(world.units["window"])) == 1
    # Another window is another matter.
    assert client.post(rate_url(world.units["window2"]), {"level": 4}).status_code == 303


def test_clearing_cookies_meets_the_address_limit(world, rate_url, settings):
    settings.WINDOWS_RATINGS_PER_IP_PER_HOUR = 3
    statuses = []
    for _i in range(5):
        statuses.append(Client(REMOTE_ADDR="10.1.2.3").post(rate_url(), {"level": 5}).status_code)
    assert statuses == [303, 303, 303, 429, 429]
    assert len(ratings_of(world.units["window"])) == 3
    page = Client(REMOTE_ADDR="10.1.2.3").post(rate_url(), {"level": 5}).content.decode()
    assert "来自您所在网络的本窗口评价过多" in page
    # Another address, or another window from the same address, is not limited.
    assert Client(REMOTE_ADDR="10.1.2.4").post(rate_url(), {"level": 5}).status_code == 303
    assert (
        Client(REMOTE_ADDR="10.1.2.3").post(rate_url(world.units["window2"]), {"level": 5}).status_code == 303
    )


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(world, rate_url, settings):
    settings.WINDOWS_RATINGS_PER_IP_PER_HOUR = 1
    settings.PROXY_COUNT = 1

    def post(forwarded):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).post(rate_url(), {"level": 5})

    assert post("1.1.1.1").status_code == 303
    assert post("2.2.2.2").status_code == 303
    assert post("9.9.9.9, 1.1.1.1").status_code == 429  # the client may prepend what it likes


def test_a_refused_rating_counts_nothing(world, rate_url):
    client = Client()
    client.post(rate_url(), {"level": 5})
    client.post(rate_url(), {"level": 1, "reason": "quality"})
    assert rollup_of(world.units["window"]).counts == (0, 0, 0, 0, 1)
    with scopes_disabled():
        assert not Ticket.objects.exists()


def test_the_thanks_page_promises_the_follow_up_of_a_bad_rating(world, rate_url):
    response = Client().post(rate_url(), {"level": 1, "reason": "efficiency"}, follow=True)
    page = response.content.decode()
    assert "感谢您的评价" in page
    assert "5 个工作日内整改" in page


def test_the_thanks_page_of_a_good_rating(world, rate_url):
    page = Client().post(rate_url(), {"level": 5}, follow=True).content.decode()
    assert "感谢您的评价" in page and "月度排名" in page


def test_a_logged_in_member_of_another_community_can_rate_too(world, rate_url):
    assert world.client("outsider").post(rate_url(), {"level": 4}).status_code == 303


def test_a_rating_is_counted_on_the_day_it_was_given_in_china(world):
    # 23:30 in Shanghai is 15:30 UTC the same day; 00:30 in Shanghai is the previous day in UTC.
    late = timezone.make_aware(datetime.datetime(2026, 3, 2, 0, 30))
    rating = give_rating(world.units["window"], 5, when=late)
    assert rating.day == datetime.date(2026, 3, 2)
    assert rollup_of(world.units["window"], datetime.date(2026, 3, 2)).level_5 == 1


def test_each_rating_adds_to_the_same_row_of_its_day(world, rate_url):
    for level in [5, 5, 4, 1]:
        data = {"level": level, "reason": "quality"} if level == 1 else {"level": level}
        Client(REMOTE_ADDR=f"10.0.0.{level}{len(data)}").post(rate_url(), data)
    with scopes_disabled():
        rows = list(DailyRollup.objects.filter(window=world.units["window"]))
    assert [r.counts for r in rows] == [(1, 0, 0, 1, 2)]


def test_the_rating_path_costs_a_fixed_handful_of_queries(world, rate_url, django_assert_max_num_queries):
    url = rate_url()
    for i in range(30):
        give_rating(world.units["window"], 5 - i % 3)
    # The community, the window with its QR version, the rating, its rollup row; and the
    # savepoint and its release, as the test runs inside a transaction.
    with django_assert_max_num_queries(6):
        assert Client().post(url, {"level": 5}).status_code == 303


def test_the_secretary_replaces_a_leaked_qr_code_from_the_window_page(world, rate_url):
    old = rate_url()
    window = world.units["window"]
    assert (
        world.client("window_manager").post(world.url(f"windows/{window.pk}/qr/revoke/")).status_code == 403
    )
    assert world.client("supervisor").post(world.url(f"windows/{window.pk}/qr/revoke/")).status_code == 302
    assert Client().get(old).status_code == 410
    with scopes_disabled():
        profile = WindowProfile.objects.get(window=window)
        assert profile.qr_version == 2 and profile.history.get().history_user == world.supervisor


@pytest.mark.django_db(transaction=True)  # foreign keys are checked when a transaction commits
def test_a_window_deleted_while_its_lookup_is_cached_answers_404(world, rate_url):
    from sanjian.testing.factories import UnitFactory

    with scopes_disabled():
        window = UnitFactory(
            community=world.community,
            kind="window",
            code="w9",
            name="临时窗口",
            parent=world.units["network"],
        )
    url = rate_url(window)
    assert Client().get(url).status_code == 200  # the lookup is now cached
    pk = window.pk
    with scopes_disabled():
        window.delete()
    assert Client().post(url, {"level": 5}).status_code == 404
    assert Client().post(url, {"level": 5}).status_code == 404  # and forgotten
    with scopes_disabled():
        assert not Rating.objects.filter(window_id=pk).exists()
