"""lib.ratings: the signed link, the device and address limits, the stars."""

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from sanjian.lib import ratings

LIMIT = ratings.DeviceLimit("test", "sj_test", "sanjian.test.rated", per_address=lambda: 2)


def test_a_link_gives_back_its_parts_and_refuses_a_forgery():
    token = ratings.sign("salt", 3, 14, 15)
    assert ratings.unsign("salt", token, size=3) == (3, 14, 15)
    with pytest.raises(ratings.TokenError):
        ratings.unsign("other salt", token, size=3)
    with pytest.raises(ratings.TokenError):
        ratings.unsign("salt", token.replace("14", "41", 1), size=3)
    with pytest.raises(ratings.TokenError):
        ratings.unsign("salt", token, size=2)


@pytest.mark.parametrize("value", ["0", "6", "", None, "x", "2.5"])
def test_only_one_to_five_stars(value):
    with pytest.raises(ValidationError):
        ratings.clean_level(value)


def test_stars_and_comment_are_tidied():
    assert ratings.clean_level("4") == 4
    assert ratings.clean_comment("  好吃 ") == "好吃"
    with pytest.raises(ValidationError):
        ratings.clean_comment("长" * 201, limit=200)


def test_a_device_waits_an_hour_for_the_same_record_only():
    factory = RequestFactory()
    response = HttpResponse()
    LIMIT.remember(factory.get("/"), response, 7)
    again = factory.get("/")
    again.COOKIES["sj_test"] = response.cookies["sj_test"].value
    assert 59 <= LIMIT.device_wait(again, 7) <= 60
    assert LIMIT.device_wait(again, 8) == 0


@pytest.mark.django_db
def test_an_address_is_held_to_its_hourly_limit():
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    assert [LIMIT.address_allows(request, 7) for _ in range(3)] == [True, True, False]
    assert LIMIT.address_allows(request, 8)  # another record counts apart
