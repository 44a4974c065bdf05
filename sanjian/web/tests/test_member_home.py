"""Defect 11.9: a plain party member lands on a page of their own, not the community dashboard;
branch-committee duties come with the ``branch_committee`` role, given on purpose."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django_scopes import scopes_disabled

from sanjian.members.models import Meeting, MeetingKind, PartyPost
from sanjian.members.services import meeting_save
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant
from sanjian.testing import factories as f
from sanjian.testing.members import PartyMemberFactory, PersonFactory


@dataclass
class Branch:
    me: Any  # PartyMember of the ``party_member`` login: a plain member
    neighbour: Any  # another plain member of the branch
    attended: Any  # a meeting the member attended
    other: Any  # a meeting of the other branch


def _meeting(world: Any, branch: Any, topic: str, present: list[Any]) -> Meeting:
    meeting = Meeting(
        community=world.community,
        branch=branch,
        kind=MeetingKind.ASSEMBLY,
        held_on=datetime.date.today() - datetime.timedelta(days=3),
        topic=topic,
    )
    return meeting_save(
        community=world.community, meeting=meeting, present=[m.pk for m in present], actor=None
    )


@pytest.fixture
def branch(world) -> Branch:
    c, unit = world.community, world.units["branch"]
    with scopes_disabled():
        me = PartyMemberFactory(
            person=PersonFactory(community=c, name="普通党员", user=world.party_member), branch=unit
        )
        neighbour = PartyMemberFactory(person=PersonFactory(community=c, name="邻座党员"), branch=unit)
        committee = f.UserFactory(username="committee", first_name="支部书记")
        f.MembershipFactory(user=committee, role=Role.PARTY_MEMBER, community=c, unit=unit)
        membership_grant(user=committee, role=Role.BRANCH_COMMITTEE, community=c, unit=unit, actor=None)
        world.users["committee"] = committee
        PartyMemberFactory(
            person=PersonFactory(community=c, name="支部书记", user=committee),
            branch=unit,
            party_post=PartyPost.SECRETARY,
        )
        attended = _meeting(world, unit, "学习党章", [me, neighbour])
        other_member = PartyMemberFactory(
            person=PersonFactory(community=c, name="二支党员"), branch=world.units["branch2"]
        )
        other = _meeting(world, world.units["branch2"], "二支部党员大会", [other_member])
    return Branch(me, neighbour, attended, other)


def test_a_plain_member_is_sent_to_their_own_home_page(world, branch):
    client = world.client("party_member")
    assert client.get("/")["Location"] == world.url("home/")
    assert client.get(world.url(""))["Location"] == world.url("home/")


def test_the_member_home_shows_their_own_cards_and_the_public_boards(world, branch):
    page = world.client("party_member").get(world.url("home/")).content.decode()
    assert "普通党员" in page and "服务党支部" in page  # their archive
    assert "学习党章" in page and "二支部党员大会" not in page  # their branch's life
    assert world.url(f"members/meetings/{branch.attended.pk}/") in page
    assert world.url("dedication/activities/") in page  # volunteering
    assert world.url("dedication/board/") in page and world.url("assessment/published/") in page
    # Nothing of the office: no people list, no hours to verify, no dashboard, no other archives.
    for path in ["members/", "members/meetings/", "dedication/verify/", "members/dues/"]:
        assert f'href="{world.url(path)}"' not in page, path
    assert "邻座党员" not in page


def test_a_plain_member_reads_a_meeting_they_attended_and_nothing_else(world, branch):
    client = world.client("party_member")
    page = client.get(world.url(f"members/meetings/{branch.attended.pk}/"))
    assert page.status_code == 200 and "学习党章" in page.content.decode()
    assert client.get(world.url(f"members/meetings/{branch.other.pk}/")).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "members/",
        "members/chain/",
        "members/meetings/",
        "members/meetings/new/",
        "members/dues/",
        "members/transfers/",
        "dedication/verify/",
        "dedication/activities/new/",
    ],
)
def test_branch_work_is_refused_to_a_plain_member_and_open_to_the_committee(world, branch, path):
    assert world.client("party_member").get(world.url(path)).status_code in (403, 404)
    assert world.client("committee").get(world.url(path)).status_code == 200


def test_a_plain_member_cannot_open_another_members_archive(world, branch):
    other = world.url(f"members/people/{branch.neighbour.person.pk}/")
    assert world.client("party_member").get(other).status_code in (403, 404)
    assert world.client("committee").get(other).status_code == 200
    own = world.url(f"members/people/{branch.me.person.pk}/")
    assert world.client("party_member").get(own).status_code == 200


def test_appeals_belong_to_the_committee(world, branch):
    from sanjian.lib.registries import permissions

    roles = permissions.get("assessment.appeal").roles
    assert Role.BRANCH_COMMITTEE in roles and Role.PARTY_MEMBER not in roles
    for key in ["members.view", "members.branch_work", "dedication.organise"]:
        assert Role.PARTY_MEMBER not in permissions.get(key).roles, key
        assert Role.BRANCH_COMMITTEE in permissions.get(key).roles, key


def test_the_committee_still_lands_on_the_dashboard(world, branch):
    client = world.client("committee")
    assert client.get("/")["Location"] == world.url("")
    assert client.get(world.url("")).status_code == 200
