"""Permissions follow from role and unit; a unit-bound role reaches its unit and what it guarantees."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from sanjian.lib.registries import Permission, permissions
from sanjian.tenancy.access import Access, company_access
from sanjian.tenancy.models import Membership
from sanjian.tenancy.roles import Role, roles_with


def access(world, who):
    return Access.resolve(world.users[who], world.community)


def test_members_of_the_community_have_access(world, in_scope):
    for who in [
        "secretary",
        "office",
        "supervisor",
        "window_manager",
        "inspector",
        "party_member",
        "medical",
    ]:
        assert access(world, who) is not None, who


def test_the_company_committee_has_access_to_every_community_of_its_company(world, in_scope):
    admin = world.company_admin
    assert Access.resolve(admin, world.community) is not None
    assert Access.resolve(admin, world.neighbour_community) is not None
    assert Access.resolve(admin, world.other_community) is None


def test_people_of_other_communities_have_no_access(world, in_scope):
    for who in ["neighbour", "outsider", "other_company_admin", "nobody"]:
        assert access(world, who) is None, who


def test_an_inactive_user_has_no_access(world, in_scope):
    world.secretary.is_active = False
    assert access(world, "secretary") is None


def test_only_leaders_manage_the_organisation(world, in_scope):
    assert access(world, "secretary").can("org.manage")
    assert Access.resolve(world.company_admin, world.community).can("org.manage")
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member", "medical"]:
        assert not access(world, who).can("org.manage"), who
        with pytest.raises(PermissionDenied):
            access(world, who).require("org.manage")


def test_a_window_manager_reaches_his_window_and_not_another(world, in_scope):
    manager = access(world, "window_manager")
    assert manager.can("org.unit_contact", world.units["window"])
    assert not manager.can("org.unit_contact", world.units["window2"])
    assert manager.reach("org.unit_contact") == {world.units["window"].pk}


def test_an_office_department_reaches_the_windows_it_guarantees(world, in_scope):
    office = access(world, "office")
    assert office.can("org.unit_contact", world.units["office"])
    assert office.can("org.unit_contact", world.units["window"])  # guaranteed by 经营科
    assert not office.can("org.unit_contact", world.units["window2"])  # guaranteed by 办公室
    assert not office.can("org.unit_contact", world.units["window3"])  # not guaranteed at all


def test_a_supervising_unit_reaches_every_window_it_guarantees(world, in_scope):
    supervisor = access(world, "supervisor")
    assert supervisor.reach("org.unit_contact") == {
        world.units["supervisor"].pk,
        world.units["window"].pk,
        world.units["window2"].pk,
    }


def test_a_community_wide_role_reaches_everything(world, in_scope):
    assert access(world, "secretary").reach("org.unit_contact") is None


def test_an_unknown_permission_is_a_bug_not_a_refusal(world, in_scope):
    with pytest.raises(KeyError):
        access(world, "secretary").can("no.such.permission")


def test_a_permission_cannot_be_declared_twice_with_other_roles():
    with permissions.registered(Permission("test.once", "x", {Role.SECRETARY})):
        permissions.register(Permission("test.once", "x", {Role.SECRETARY}))
        with pytest.raises(ValueError):
            permissions.register(Permission("test.once", "x", {Role.INSPECTOR}))
        assert roles_with("test.once") == {Role.SECRETARY}
    assert "test.once" not in permissions


def test_company_access_is_for_the_committee_of_that_company(world):
    assert company_access(world.company_admin, world.company)
    assert not company_access(world.company_admin, world.other_company)
    assert not company_access(world.secretary, world.company)


@pytest.mark.parametrize(
    ("role", "unit_key", "message"),
    [
        (Role.WINDOW_MANAGER, None, "须指定单位"),
        (Role.WINDOW_MANAGER, "office", "类别与角色不符"),
        (Role.OFFICE, "window", "类别与角色不符"),
        (Role.SECRETARY, "window", "类别与角色不符"),
    ],
)
def test_a_membership_must_fit_its_role(world, role, unit_key, message):
    with scopes_disabled():
        unit = world.units[unit_key] if unit_key else None
        membership = Membership(user=world.nobody, role=role, community=world.community, unit=unit)
        with pytest.raises(ValidationError) as exc:
            membership.full_clean()
    assert message in str(exc.value)


def test_a_membership_cannot_name_a_unit_of_another_community(world):
    with scopes_disabled():
        membership = Membership(
            user=world.nobody,
            role=Role.WINDOW_MANAGER,
            community=world.community,
            unit=world.units["other_window"],
        )
        with pytest.raises(ValidationError, match="其他社区"):
            membership.full_clean()


def test_a_company_role_belongs_to_a_company(world):
    with scopes_disabled():
        membership = Membership(user=world.nobody, role=Role.COMPANY_ADMIN, community=world.community)
        with pytest.raises(ValidationError):
            membership.full_clean()


def test_reach_is_resolved_inside_the_scope(world):
    with scope(community=world.community.pk):
        manager = access(world, "window_manager")
        assert manager.can("org.unit_contact", world.units["window"])
