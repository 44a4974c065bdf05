"""The public pages read their community, policy and window from each process's memo; the
next request after a change sees the change."""

from __future__ import annotations

from django.test import Client
from django_scopes import scope, scopes_disabled

from sanjian.windows import selectors
from sanjian.windows.models import Policy, WindowProfile
from sanjian.windows.tokens import board_token


def test_a_renamed_or_closed_community_is_seen_at_the_next_request(world, rate_url):
    url = rate_url()
    assert world.community.name in Client().get(url).content.decode()
    world.community.name = "改名社区"
    world.community.save()
    assert "改名社区" in Client().get(url).content.decode()
    world.community.is_active = False
    world.community.save()
    assert Client().get(url).status_code == 404


def test_a_window_closed_or_given_a_new_qr_code_is_seen_at_the_next_request(world, rate_url):
    window = world.units["window"]
    url = rate_url()
    assert Client().get(url).status_code == 200
    with scopes_disabled():
        WindowProfile.objects.update_or_create(
            window=window, defaults={"qr_version": 2, "community": world.community}
        )
    assert Client().get(url).status_code == 410
    assert Client().get(rate_url()).status_code == 200
    window.is_active = False
    window.save()
    assert Client().get(rate_url()).status_code == 404


def test_a_new_board_link_and_ticket_deadline_are_seen_at_the_next_request(world):
    old = world.url(f"windows/board/{board_token(world.community, 1)}/")
    assert Client().get(old).status_code == 200
    with scope(community=world.community.pk):
        Policy.objects.update_or_create(community=world.community, defaults={"board_version": 2})
        assert selectors.policy_for(world.community).board_version == 2
    assert Client().get(old).status_code == 404
    assert Client().get(world.url(f"windows/board/{board_token(world.community, 2)}/")).status_code == 200


def test_a_kept_policy_is_a_fresh_instance_each_time(world):
    with scope(community=world.community.pk):
        first = selectors.policy_for(world.community)
        first.board_version = 99  # a view editing what it got changes nothing for the next
        assert selectors.policy_for(world.community).board_version != 99
