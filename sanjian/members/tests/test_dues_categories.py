"""Party dues of the members who pay a fixed amount (中组部党费规定): students, laid-off or
unemployed members in hardship and members living on 低保 or relief pay 0.20 yuan a month;
farmer members pay between 0.20 and 2 yuan. Declared on the monthly base, like an income."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scope

from sanjian.members.dues import monthly_dues
from sanjian.members.models import DuesBase, DuesCategory, DuesPayment

D = Decimal


def declare(world, member, category, *, income="0", fixed="", month="2026-01-01"):
    data = {"valid_from": month, "category": category, "monthly_income": income, "fixed_amount": fixed}
    return world.client("party_member").post(world.url(f"members/dues/{member.pk}/base/"), data)


def pay(world, member, amount):
    data = {"month": "2026-03", "amount_paid": amount, "paid_on": "2026-03-05"}
    return world.client("party_member").post(world.url(f"members/dues/{member.pk}/pay/"), data)


def due_of(member):
    with scope(community=member.community_id):
        return DuesPayment.objects.get(member=member).amount_due


def bases_of(member):
    with scope(community=member.community_id):
        return list(DuesBase.objects.filter(member=member))


@pytest.mark.parametrize("category", [DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF])
def test_the_hardship_categories_pay_twenty_fen_whatever_the_income(category):
    assert monthly_dues(D("0"), retired=False, category=category) == D("0.20")
    assert monthly_dues(D("800"), retired=True, category=category) == D("0.20")


@pytest.mark.parametrize("amount", ["0.20", "1.00", "2.00"])
def test_a_farmer_member_pays_the_amount_declared_between_twenty_fen_and_two_yuan(amount):
    assert monthly_dues(D("0"), retired=False, category=DuesCategory.FARMER, fixed=D(amount)) == D(amount)


@pytest.mark.parametrize("amount", [None, "0.19", "2.01", "0"])
def test_a_farmer_amount_outside_the_range_is_refused(amount):
    with pytest.raises(ValueError):
        monthly_dues(D("0"), retired=False, category=DuesCategory.FARMER, fixed=amount and D(amount))


@pytest.mark.parametrize("category", [DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF])
def test_a_student_unemployed_or_relief_member_owes_twenty_fen_a_month(world, crew, category):
    member = crew.members[0]
    assert declare(world, member, category).status_code == 302
    assert pay(world, member, "0.20").status_code == 302
    assert due_of(member) == D("0.20")


def test_a_farmer_member_owes_what_was_declared(world, crew):
    member = crew.members[0]
    assert declare(world, member, DuesCategory.FARMER, fixed="2.00").status_code == 302
    assert pay(world, member, "2.00").status_code == 302
    assert due_of(member) == D("2.00")


@pytest.mark.parametrize("fixed", ["", "0.19", "2.01"])
def test_a_farmer_amount_outside_twenty_fen_to_two_yuan_is_refused_and_nothing_written(world, crew, fixed):
    response = declare(world, crew.members[0], DuesCategory.FARMER, fixed=fixed)
    assert response.status_code == 400
    assert "0.20" in response.content.decode()
    assert bases_of(crew.members[0]) == []


def test_an_income_of_zero_by_income_points_to_the_fixed_categories(world, crew):
    response = declare(world, crew.members[0], DuesCategory.INCOME, income="0")
    assert response.status_code == 400
    assert "0.20" in response.content.decode()
    assert bases_of(crew.members[0]) == []


def test_income_tiers_still_apply_by_default(world, crew):
    member = crew.members[0]
    assert declare(world, member, DuesCategory.INCOME, income="4000").status_code == 302
    pay(world, member, "40.00")
    assert due_of(member) == D("40.00")
    with scope(community=member.community_id):
        assert DuesBase.objects.get(member=member).valid_from == datetime.date(2026, 1, 1)
