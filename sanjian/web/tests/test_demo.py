"""`manage.py load_demo`: the report's community, idempotent."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from sanjian.lib.demo import DEMO_LOGINS, DEMO_PASSWORD
from sanjian.members.models import Person
from sanjian.org.models import Linkage, Unit, UnitKind
from sanjian.tenancy.access import Access
from sanjian.tenancy.models import Community
from sanjian.testing.demo import demo  # noqa: F401  (the fixture, shared)
from sanjian.windows.models import Rating


def snapshot() -> dict[str, tuple[int, str]]:
    """Every table, history included: its row count and a digest of all its values."""
    result = {}
    with scopes_disabled():
        for model in apps.get_models():
            if model._meta.app_label in ("sessions", "axes", "admin"):
                continue
            digest = hashlib.sha256()
            rows = model._base_manager.order_by("pk").values_list()
            for row in rows.iterator(chunk_size=5000):
                digest.update(repr(row).encode())
            result[model._meta.label] = (rows.count(), digest.hexdigest())
    return result


@pytest.mark.usefixtures("demo")
def test_loading_the_demo_twice_gives_the_same_data(db):
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first


@pytest.mark.usefixtures("demo")
def test_yangyi_has_the_22_windows_of_the_report_each_guaranteed(db):
    with scopes_disabled():
        yangyi = Community.objects.get(slug="yangyi")
    with scope(community=yangyi.pk):
        windows = Unit.objects.filter(kind=UnitKind.WINDOW)
        assert windows.count() == 22
        assert Linkage.objects.filter(window__in=windows).count() == 22
        names = set(windows.values_list("name", flat=True))
    assert {"医院药房", "交通班车服务窗口", "一号售饭窗口"} <= names


@pytest.mark.usefixtures("demo")
def test_there_is_one_login_per_role_with_the_demo_password(db):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
    assert set(users) == set(DEMO_LOGINS)
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    with scopes_disabled():
        yangyi = Community.objects.get(slug="yangyi")
    with scope(community=yangyi.pk):
        roles = {name: Access.resolve(users[name], yangyi) for name in DEMO_LOGINS}
    assert roles.pop("outsider") is None
    for name, access in roles.items():
        assert access is not None and DEMO_LOGINS[name][0] in access.roles, name


@pytest.mark.usefixtures("demo")
def test_the_outsider_runs_the_second_community(db):
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(get_user_model().objects.get(username="outsider"))
    assert client.get("/c/yangyi/").status_code == 404
    assert client.get("/c/guoerzhuang/").status_code == 200


@pytest.mark.usefixtures("demo")
def test_the_demo_logins_are_printed(db, capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "secretary" in out and "阳邑社区党总支书记" in out


def test_without_the_demo_there_are_no_demo_logins(db, capsys):
    call_command("demo_logins")
    assert "load_demo" in capsys.readouterr().out
    assert not get_user_model().objects.filter(username="secretary").exists()


def test_through_an_app_loads_the_demo_up_to_it_and_no_further(db):
    call_command("load_demo", "--through", "members", verbosity=0)
    with scopes_disabled():
        assert Unit.objects.filter(community__slug="yangyi", kind=UnitKind.WINDOW).count() == 22
        assert Person.objects.filter(community__slug="yangyi").exists()
        assert not Rating.objects.exists()


def test_through_an_app_without_a_demo_is_refused_with_the_names_that_have_one(db):
    with pytest.raises(CommandError, match="tenancy, org, members, windows"):
        call_command("load_demo", "--through", "web", verbosity=0)
