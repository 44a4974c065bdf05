"""Party dues: bases, payments (also on behalf), arrears per branch and month, the yearly statement."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django_scopes import scope, scopes_disabled

from sanjian.assessment import sources
from sanjian.members import services
from sanjian.members.models import DuesPayment, PersonCategory
from sanjian.members.selectors import arrears_counts, branch_dues


def declare(world, member, income, month="2026-01-01", who="party_member"):
    return world.client(who).post(
        world.url(f"members/dues/{member.pk}/base/"), {"valid_from": month, "monthly_income": income}
    )


def pay(world, member, month="2026-03", amount="30.00", who="party_member", **extra):
    data = {"month": month, "amount_paid": amount, "paid_on": "2026-03-05", **extra}
    return world.client(who).post(world.url(f"members/dues/{member.pk}/pay/"), data)


def test_a_payment_fixes_the_amount_due_from_the_base_in_force(world, crew):
    member = crew.members[0]
    assert declare(world, member, "4000").status_code == 302
    assert pay(world, member, amount="40.00").status_code == 302
    with scope(community=world.community.pk):
        payment = DuesPayment.objects.get(member=member)
    assert (payment.amount_due, payment.amount_paid, payment.month) == (
        Decimal("40.00"),
        Decimal("40.00"),
        datetime.date(2026, 3, 1),
    )
    assert payment.branch == world.units["branch"] and payment.recorded_by == world.party_member


def test_a_retired_member_pays_by_the_retirees_tiers(world, crew):
    member = crew.members[1]
    with scopes_disabled():
        member.person.category = PersonCategory.RETIREE
        member.person.save()
    declare(world, member, "5000")
    pay(world, member, amount="25.00")
    with scope(community=world.community.pk):
        assert DuesPayment.objects.get(member=member).amount_due == Decimal("25.00")


def test_without_a_declared_base_no_payment_is_recorded(world, crew):
    response = pay(world, crew.members[0])
    assert response.status_code == 400 and "基数" in response.content.decode()
    with scope(community=world.community.pk):
        assert not DuesPayment.objects.exists()


def test_a_payment_on_behalf_names_who_paid(world, crew):
    declare(world, crew.members[0], "3000")
    pay(world, crew.members[0], amount="15.00", paid_by=crew.organiser.person.pk)
    html = (
        world.client("secretary")
        .get(world.url(f"members/dues/?branch={world.units['branch'].pk}&month=2026-03"))
        .content.decode()
    )
    assert "由组织委员代缴" in html


def test_bad_amounts_and_dates_are_refused(world, crew):
    declare(world, crew.members[0], "3000")
    assert pay(world, crew.members[0], amount="-1").status_code == 400
    assert pay(world, crew.members[0], amount="abc").status_code == 400
    assert pay(world, crew.members[0], paid_on="2099-01-01").status_code == 400
    assert declare(world, crew.members[0], "-5").status_code == 400
    with scope(community=world.community.pk):
        assert not DuesPayment.objects.exists()


def test_another_branch_committee_cannot_record_dues(world, crew):
    declare(world, crew.members[0], "3000", who="secretary")
    assert pay(world, crew.members[0], who="other_branch").status_code == 403
    assert declare(world, crew.members[0], "3000", who="other_branch").status_code == 403
    assert world.client("office").get(world.url(f"members/dues/{crew.members[0].pk}/pay/")).status_code == 403


def test_the_arrears_list_shows_who_has_not_paid(world, crew):
    for member in [*crew.members, crew.organiser]:
        declare(world, member, "3000", who="secretary")
    pay(world, crew.members[0], amount="15.00")
    pay(world, crew.members[1], amount="10.00")  # short
    with scope(community=world.community.pk):
        lines = {
            line.member.person.name: line
            for line in branch_dues(world.units["branch"], datetime.date(2026, 3, 1))
        }
        counts = arrears_counts(datetime.date(2026, 3, 1))
    assert not lines["党员0"].in_arrears
    assert lines["党员1"].in_arrears and lines["党员1"].owing == Decimal("5.00")
    assert lines["党员2"].in_arrears and lines["组织委员"].in_arrears
    assert counts[world.units["branch"].pk] == 3 and counts[world.units["branch2"].pk] == 3
    html = (
        world.client("secretary")
        .get(world.url(f"members/dues/?branch={world.units['branch'].pk}&month=2026-03&arrears=1"))
        .content.decode()
    )
    assert "党员2" in html and ">党员0<" not in html


def test_a_member_who_joined_later_owes_nothing_before(world, crew):
    with scopes_disabled():
        crew.members[2].joined_on = datetime.date(2026, 4, 2)
        crew.members[2].save()
    with scope(community=world.community.pk):
        march = {line.member.pk for line in branch_dues(world.units["branch"], datetime.date(2026, 3, 1))}
        april = {line.member.pk for line in branch_dues(world.units["branch"], datetime.date(2026, 4, 1))}
    assert crew.members[2].pk not in march and crew.members[2].pk in april


def test_the_yearly_statement_is_for_the_member_and_their_committee(world, crew):
    with scope(community=world.community.pk):
        services.dues_base_declare(
            community=world.community,
            member=crew.organiser,
            valid_from=datetime.date(2026, 1, 1),
            income=Decimal("6000"),
            actor=None,
        )
        services.dues_payment_record(
            community=world.community,
            member=crew.organiser,
            month=datetime.date(2026, 1, 1),
            amount_paid=Decimal("90"),
            paid_on=datetime.date(2026, 1, 10),
            actor=None,
        )
    url = world.url(f"members/dues/{crew.organiser.pk}/statement/?year=2026")
    html = world.client("party_member").get(url).content.decode()
    assert "¥90.00" in html and "2026-01" in html
    assert world.client("secretary").get(url).status_code == 200
    assert world.client("other_branch").get(url).status_code == 403
    own = (
        world.client("party_member")
        .get(world.url(f"members/people/{crew.organiser.person.pk}/"))
        .content.decode()
    )
    assert "section-membersdues" in own


def test_the_dues_indicator_counts_member_months_paid(world, crew):
    with scope(community=world.community.pk):
        for member in [*crew.members, crew.organiser]:
            services.dues_base_declare(
                community=world.community,
                member=member,
                valid_from=datetime.date(2026, 1, 1),
                income=Decimal("3000"),
                actor=None,
            )
        for month in (1, 2):
            services.dues_payment_record(
                community=world.community,
                member=crew.members[0],
                month=datetime.date(2026, month, 1),
                amount_paid=Decimal("15"),
                paid_on=datetime.date(2026, 3, 1),
                actor=None,
            )
        values = sources.compute(
            "members.dues_paid_rate",
            [world.units["branch"], world.units["general"]],
            datetime.date(2026, 1, 1),
            datetime.date(2026, 2, 28),
        )
    assert values == {world.units["branch"].pk: Decimal("25.0000"), world.units["general"].pk: None}
