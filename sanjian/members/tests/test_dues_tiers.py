"""Party dues tiers: each boundary belongs to the lower tier; retirees have their own two."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanjian.members.dues import dues_rate, monthly_dues

D = Decimal


@pytest.mark.parametrize(
    ("income", "rate", "dues"),
    [
        ("0", "0.005", "0.00"),
        ("2999.99", "0.005", "15.00"),
        ("3000", "0.005", "15.00"),
        ("3000.01", "0.01", "30.00"),
        ("4999.99", "0.01", "50.00"),
        ("5000", "0.01", "50.00"),
        ("5000.01", "0.015", "75.00"),
        ("9999.99", "0.015", "150.00"),
        ("10000", "0.015", "150.00"),
        ("10000.01", "0.02", "200.00"),
        ("15000", "0.02", "300.00"),
        ("3333", "0.01", "33.33"),
        ("3001", "0.01", "30.01"),
        ("6001", "0.015", "90.02"),  # 90.015 rounds half up
    ],
)
def test_working_members_pay_by_the_national_tiers(income, rate, dues):
    assert dues_rate(D(income), retired=False) == D(rate)
    assert monthly_dues(D(income), retired=False) == D(dues)


@pytest.mark.parametrize(
    ("income", "rate", "dues"),
    [
        ("3000", "0.005", "15.00"),
        ("3000.01", "0.005", "15.00"),
        ("5000", "0.005", "25.00"),
        ("5000.01", "0.01", "50.00"),
        ("12000", "0.01", "120.00"),
    ],
)
def test_retired_members_pay_half_a_percent_up_to_5000_and_one_above(income, rate, dues):
    assert dues_rate(D(income), retired=True) == D(rate)
    assert monthly_dues(D(income), retired=True) == D(dues)


def test_money_is_decimal_never_float():
    with pytest.raises(TypeError):
        monthly_dues(3000.0, retired=False)
    assert isinstance(monthly_dues(D("3000"), retired=False), Decimal)


def test_a_negative_income_is_refused():
    with pytest.raises(ValueError):
        dues_rate(D("-1"), retired=False)
