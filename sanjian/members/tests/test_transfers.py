"""Organisational relationship transfers: two approvals, the right branches only, the archive moves."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.lib.registries import PersonMoved, person_moved
from sanjian.members import services
from sanjian.members.models import DuesPayment, PartyMember, Person, Transfer, TransferStatus
from sanjian.org.models import UnitKind
from sanjian.testing import factories as f


def request_transfer(world, member, to_branch, who="secretary", **extra):
    data = {"to_branch": to_branch.pk if to_branch else "", **extra}
    return world.client(who).post(world.url(f"members/transfers/new/{member.pk}/"), data)


def approve(world, transfer, side, who, community=None):
    url = world.url(f"members/transfers/{transfer.pk}/approve/", community)
    return world.client(who).post(url, {"side": side})


def only_transfer(world) -> Transfer:
    with scopes_disabled():
        return Transfer.objects.get()


@pytest.fixture
def far_branch(world):
    """A branch of the neighbour community (same company), and its secretary's login."""
    with scopes_disabled():
        general = f.UnitFactory(
            community=world.neighbour_community, kind=UnitKind.GENERAL_BRANCH, code="gb", name="红旗党总支"
        )
        return f.UnitFactory(
            community=world.neighbour_community,
            kind=UnitKind.BRANCH,
            code="b1",
            name="红旗支部",
            parent=general,
        )


def test_a_transfer_between_branches_needs_both_and_then_moves_the_member(world, crew):
    member = crew.members[0]
    assert (
        request_transfer(world, member, world.units["branch2"], who="party_member", reason="调岗").status_code
        == 302
    )
    transfer = only_transfer(world)
    assert transfer.status == TransferStatus.REQUESTED and transfer.to_community == world.community
    assert approve(world, transfer, "sender", "party_member").status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REQUESTED and transfer.sender_approved_by == world.party_member
    assert approve(world, transfer, "receiver", "other_branch").status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.COMPLETED
    with scope(community=world.community.pk):
        moved = PartyMember.objects.get(pk=member.pk)
        assert moved.branch == world.units["branch2"]
        assert "服务党支部" in moved.history.first().history_change_reason
        assert moved.history.first().history_user == world.other_branch


def test_approval_by_the_wrong_branch_is_refused(world, crew):
    request_transfer(world, crew.members[0], world.units["branch2"])
    transfer = only_transfer(world)
    assert approve(world, transfer, "sender", "other_branch").status_code == 403  # branch2 does not send
    assert approve(world, transfer, "receiver", "party_member").status_code == 403  # branch does not receive
    assert approve(world, transfer, "sender", "office").status_code == 403
    assert (
        world.client("other_branch")
        .post(world.url(f"members/transfers/{transfer.pk}/reject/"), {"rejection": "x"})
        .status_code
        == 302
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REJECTED  # the receiving side may refuse it
    with scope(community=world.community.pk):
        assert PartyMember.objects.get(pk=crew.members[0].pk).branch == world.units["branch"]


def test_only_the_sending_branch_requests_a_transfer(world, crew):
    assert (
        request_transfer(world, crew.members[0], world.units["branch2"], who="other_branch").status_code
        == 403
    )
    assert request_transfer(world, crew.members[0], world.units["branch2"], who="office").status_code == 403


def test_a_second_open_transfer_and_a_transfer_to_the_same_branch_are_refused(world, crew):
    request_transfer(world, crew.members[0], world.units["branch2"])
    again = request_transfer(world, crew.members[0], world.units["branch2"])
    assert again.status_code == 400 and "待审批" in again.content.decode()
    same = request_transfer(world, crew.members[1], world.units["branch"])
    assert same.status_code == 400


def test_a_transfer_to_another_community_of_the_company_moves_the_archive_with_its_history(
    world, crew, far_branch
):
    member = crew.members[0]
    with scope(community=world.community.pk):
        member.cadre = crew.organiser.person
        member.save()
        crew.members[1].leader = member.person
        crew.members[1].save()
        services.dues_base_declare(
            community=world.community,
            member=member,
            valid_from=datetime.date(2026, 1, 1),
            income=Decimal("3000"),
            actor=None,
        )
        services.dues_payment_record(
            community=world.community,
            member=member,
            month=datetime.date(2026, 2, 1),
            amount_paid=Decimal("15"),
            paid_on=datetime.date(2026, 2, 3),
            actor=world.secretary,
        )
    form = world.client("secretary").get(world.url(f"members/transfers/new/{member.pk}/")).content.decode()
    assert "红旗社区 · 红旗支部" in form and "远方" not in form
    request_transfer(world, member, far_branch)
    transfer = only_transfer(world)
    approve(world, transfer, "sender", "secretary")
    # The receiving community sees it among its incoming transfers, and approves there.
    incoming = (
        world.client("neighbour")
        .get(world.url("members/transfers/", world.neighbour_community))
        .content.decode()
    )
    assert member.person.name in incoming
    assert (
        approve(world, transfer, "receiver", "secretary").status_code == 403
    )  # not from the sending community
    assert approve(world, transfer, "receiver", "neighbour", world.neighbour_community).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.COMPLETED and transfer.dues_paid_until == datetime.date(
        2026, 2, 28
    )
    with scope(community=world.neighbour_community.pk):
        person = Person.objects.get(pk=member.person.pk)
        moved = PartyMember.objects.get(pk=member.pk)
        assert moved.branch == far_branch and moved.cadre is None
        assert person.history.count() >= 2 and moved.history.count() >= 3  # the history came along
        assert moved.dues_bases.count() == 1
        assert person.history.first().history_user == world.neighbour
    with scope(community=world.community.pk):
        assert not Person.objects.filter(pk=member.person.pk).exists()
        assert not Person.history.filter(id=member.person.pk).exists()
        assert DuesPayment.objects.filter(member_id=member.pk).count() == 1  # the ledger stays
        assert (
            PartyMember.objects.get(pk=crew.members[1].pk).leader is None
        )  # links to the moved person are cut
    page = world.client("neighbour").get(
        world.url(f"members/people/{member.person.pk}/", world.neighbour_community)
    )
    assert page.status_code == 200 and "红旗支部" in page.content.decode()
    assert world.client("secretary").get(world.url(f"members/people/{member.person.pk}/")).status_code == 404


def test_the_receiving_community_refuses_a_duplicate_id_number(world, crew, far_branch):
    member = crew.members[0]
    with scopes_disabled():
        Person.objects.create(
            community=world.neighbour_community, name="同号", gender="male", id_number=member.person.id_number
        )
    request_transfer(world, member, far_branch)
    transfer = only_transfer(world)
    approve(world, transfer, "sender", "secretary")
    approve(world, transfer, "receiver", "neighbour", world.neighbour_community)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REQUESTED
    with scopes_disabled():
        assert Person.objects.get(pk=member.person.pk).community == world.community


def test_a_branch_of_another_company_is_refused(world, crew):
    from sanjian.members.services.transfers import transfer_request

    with scopes_disabled():
        foreign = f.UnitFactory(
            community=world.other_community, kind=UnitKind.BRANCH, code="fb", name="外司支部"
        )
    with scope(community=world.community.pk), pytest.raises(Exception, match="其他公司|another company"):
        transfer_request(community=world.community, member=crew.members[0], to_branch=foreign, actor=None)


def test_a_transfer_out_of_the_company_is_recorded_with_its_letter_number(world, crew):
    member = crew.members[0]
    missing = request_transfer(world, member, None, destination="邯郸市某街道党工委")
    assert missing.status_code == 400 and "介绍信编号" in missing.content.decode()
    done = request_transfer(
        world, member, None, destination="邯郸市某街道党工委", letter_number="冀组转〔2026〕18号"
    )
    assert done.status_code == 302
    transfer = only_transfer(world)
    assert transfer.status == TransferStatus.COMPLETED and transfer.letter_number == "冀组转〔2026〕18号"
    with scope(community=world.community.pk):
        gone = PartyMember.objects.get(pk=member.pk)
        assert not gone.is_active and "冀组转" in gone.history.first().history_change_reason
    page = world.client("secretary").get(world.url(f"members/transfers/{transfer.pk}/")).content.decode()
    assert "冀组转〔2026〕18号" in page and "邯郸市某街道党工委" in page


def test_the_transfer_pages_are_for_the_branches_concerned(world, crew):
    request_transfer(world, crew.members[0], world.units["branch2"])
    transfer = only_transfer(world)
    assert world.client("party_member").get(world.url(f"members/transfers/{transfer.pk}/")).status_code == 200
    assert world.client("office").get(world.url(f"members/transfers/{transfer.pk}/")).status_code == 403
    assert world.client("party_member").get(world.url("members/transfers/")).status_code == 200


def test_the_member_page_offers_a_transfer_to_the_sending_branch_committee_only(world, crew):
    url = world.url(f"members/people/{crew.members[0].person.pk}/")
    assert f"transfers/new/{crew.members[0].pk}/" in world.client("party_member").get(url).content.decode()
    assert f"transfers/new/{crew.members[0].pk}/" in world.client("secretary").get(url).content.decode()
    with scopes_disabled():
        crew.organiser.party_post = ""
        crew.organiser.save()
    assert (
        f"transfers/new/{crew.members[0].pk}/" not in world.client("party_member").get(url).content.decode()
    )


def test_every_app_moves_its_records_about_the_person_along_with_the_archive(world, crew, far_branch):
    """The person-moved hook: an app that keeps records about a person (a health archive, its
    read log) registers a hook, and the transfer calls it once, inside its transaction."""
    calls = []

    def move(*, person, source, target, actor, reason):
        calls.append((person.pk, source.pk, target.pk, actor.username, reason))

    member = crew.members[0]
    with person_moved.registered(PersonMoved("test.records", move)):
        request_transfer(world, member, far_branch)
        transfer = only_transfer(world)
        approve(world, transfer, "sender", "secretary")
        assert calls == []  # not before the move
        approve(world, transfer, "receiver", "neighbour", world.neighbour_community)
    assert calls == [
        (member.person.pk, world.community.pk, world.neighbour_community.pk, "neighbour", calls[0][4])
    ]
    assert "红旗支部" in calls[0][4]


def test_a_hook_that_fails_leaves_the_archive_where_it_was(world, crew, far_branch):
    def move(**kwargs):
        raise RuntimeError("disk full")

    member = crew.members[0]
    request_transfer(world, member, far_branch)
    transfer = only_transfer(world)
    approve(world, transfer, "sender", "secretary")
    with person_moved.registered(PersonMoved("test.broken", move)), pytest.raises(RuntimeError):
        approve(world, transfer, "receiver", "neighbour", world.neighbour_community)
    with scopes_disabled():
        assert Person.objects.get(pk=member.person.pk).community == world.community
        assert only_transfer(world).status == TransferStatus.REQUESTED
