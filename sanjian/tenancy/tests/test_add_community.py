"""Adding a community: one command gives it an address and a secretary."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sanjian.tenancy.models import Community


def test_a_new_community_is_run_by_its_secretary(world):
    call_command(
        "add_community",
        company="test-group",
        name="新村社区",
        slug="xincun",
        secretary="xincun-sec",
        password="long-enough-pw",
    )
    assert Community.objects.get(slug="xincun").company == world.company

    client = Client()
    client.post("/accounts/login/", {"username": "xincun-sec", "password": "long-enough-pw"})
    assert client.get("/c/xincun/").status_code == 200
    assert client.get("/c/dongfeng/").status_code == 404


def test_a_taken_address_is_refused_and_nothing_is_created(world):
    with pytest.raises(CommandError, match="已存在|already exists"):
        call_command(
            "add_community", company="test-group", name="又一个社区", slug="dongfeng", secretary="secretary"
        )
    assert not Community.objects.filter(name="又一个社区").exists()


def test_an_unknown_company_is_refused(world):
    with pytest.raises(CommandError, match="no company"):
        call_command("add_community", company="nope", name="x", slug="x", secretary="secretary")
