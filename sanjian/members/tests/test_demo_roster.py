"""The demo roster of 阳邑社区: logins act as people, chains are mostly complete, life is recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_scopes import scope

from sanjian.members.models import DuesPayment, Meeting, PartyMember, Person
from sanjian.members.selectors import arrears_counts, member_chain


def test_the_demo_has_a_realistic_roster(yangyi):
    with scope(community=yangyi.pk):
        assert Person.objects.count() >= 300
        members = PartyMember.objects.filter(is_active=True)
        branches = set(members.values_list("branch__code", flat=True))
        assert branches == {f"branch-{i}" for i in range(1, 7)}
        chain = member_chain()
        assert 0 < len(chain.incomplete) < chain.total // 8  # a few, deliberately
        assert Meeting.objects.count() > 300 and DuesPayment.objects.count() > 1000
        from django.utils import timezone

        assert sum(arrears_counts(timezone.localdate().replace(day=1)).values()) > 0


def test_the_member_login_acts_as_a_plain_member_of_the_catering_branch(yangyi):
    with scope(community=yangyi.pk):
        person = Person.objects.select_related("party__branch").get(user__username="member")
        assert person.party.branch.code == "branch-2" and person.party.party_post == ""
        assert Person.objects.filter(user__username="secretary").exists()
    client = Client()
    client.force_login(get_user_model().objects.get(username="member"))
    response = client.get("/c/yangyi/members/me/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/c/yangyi/members/meetings/").status_code == 403
    assert client.get("/c/yangyi/members/dues/").status_code == 403


def test_the_catering_branch_work_is_kept_by_its_secretary_given_the_committee_role(yangyi):
    """The ``window`` login is the catering branch's secretary and was given ``branch_committee``
    (through the service that grants roles, so with history)."""
    from sanjian.tenancy.models import Membership

    with scope(community=yangyi.pk):
        person = Person.objects.select_related("party__branch").get(user__username="window")
        assert person.party.branch.code == "branch-2" and person.party.party_post == "secretary"
    granted = Membership.objects.get(user__username="window", role="branch_committee")
    with scope(community=yangyi.pk):
        assert granted.unit.code == "branch-2" and granted.history.count() == 1
    client = Client()
    client.force_login(get_user_model().objects.get(username="window"))
    assert client.get("/c/yangyi/members/meetings/").status_code == 200
    assert client.get("/c/yangyi/members/dues/").status_code == 200
    assert client.get(f"/c/yangyi/members/branches/{granted.unit.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "members/",
        "members/chain/",
        "members/meetings/",
        "members/dues/",
        "members/transfers/",
        "members/import/",
        "",
    ],
)
def test_the_secretary_opens_every_members_page_of_the_demo(yangyi, path):
    client = Client()
    client.force_login(get_user_model().objects.get(username="secretary"))
    assert client.get(f"/c/yangyi/{path}").status_code == 200
