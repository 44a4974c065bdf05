"""The test world: two companies, three communities, one person per role, and an outsider.

Like healthchecks' BaseTestCase (Alice, Bob, Charlie), the people are built in code, so that
every test reads who acts: ``world.secretary`` runs community ``world.community``;
``world.neighbour`` is the secretary of another community of the same company;
``world.outsider`` belongs to another company altogether.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sanjian.org.models import UnitKind
from sanjian.tenancy.roles import Role
from sanjian.testing import demo as shared_demo
from sanjian.testing import factories as f
from sanjian.testing.transactions import rolled_back

# Hypothesis judges speed by the wall clock, which on a shared, loaded machine turns a property
# test into a timed test: the examples stay bounded by max_examples, the clock decides nothing.
hypothesis_settings.register_profile(
    "sanjian", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("sanjian")

_MEDIA = tempfile.mkdtemp(prefix="sanjian-test-media-")
_STATIC = tempfile.mkdtemp(prefix="sanjian-test-static-")


def pytest_configure(config: pytest.Config) -> None:
    # No collectstatic in tests: serve static files from the finders, plain names.
    django_settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_settings.MEDIA_ROOT = _MEDIA
    django_settings.STATIC_ROOT = _STATIC
    django_settings.HUEY = {**django_settings.HUEY, "immediate": True}
    # pytest-django has already set Django up, so djhuey built its HUEY from the settings before
    # the line above: switch the instance itself to immediate mode (tasks run in the test).
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on the whole demo after all the others, each worker loading it once
    (``sanjian.testing.demo`` says why the order only saves time)."""
    items.sort(key=shared_demo.uses_demo)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not shared_demo.uses_demo(item):
        shared_demo.loaded.release()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    shared_demo.loaded.release()


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_MEDIA, ignore_errors=True)
    shutil.rmtree(_STATIC, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages and kept rows (``lib.memo``) outlive a test's database: each test starts
    from empty ones."""
    from django.core.cache import cache

    from sanjian.lib import memo

    cache.clear()
    memo.clear_here()  # kept rows: a rolled-back id may come back in the next test
    yield
    cache.clear()
    memo.clear_here()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the test's thread (the locale middleware
    activates per request, as Django's does): each test starts in the default language, so a
    message checked outside a request does not depend on which test ran before it."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A folder for what a test leaves behind to look at (screenshots): test-output/<test>/."""
    path = Path(django_settings.BASE_DIR) / "test-output" / request.node.name.replace("/", "_")
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class World:
    company: Any
    community: Any
    neighbour_community: Any
    other_company: Any
    other_community: Any
    units: dict[str, Any]
    users: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, who: str | None) -> Client:
        """A test client logged in as ``who`` (None: anonymous)."""
        client = Client()
        if who is not None:
            client.force_login(self.users[who])
        return client

    def url(self, path: str, community: Any = None) -> str:
        return f"/c/{(community or self.community).slug}/{path.lstrip('/')}"


def _build_world() -> World:
    company = f.CompanyFactory(name="测试矿业集团", slug="test-group")
    community = f.CommunityFactory(company=company, name="东风社区", slug="dongfeng")
    neighbour = f.CommunityFactory(company=company, name="红旗社区", slug="hongqi")
    other_company = f.CompanyFactory(name="别家集团", slug="elsewhere")
    other = f.CommunityFactory(company=other_company, name="远方社区", slug="faraway")

    u = f.UnitFactory
    general = u(community=community, kind=UnitKind.GENERAL_BRANCH, name="东风社区党总支", code="gb")
    units = {
        "general": general,
        "branch": u(community=community, kind=UnitKind.BRANCH, name="服务党支部", code="b1", parent=general),
        "branch2": u(community=community, kind=UnitKind.BRANCH, name="机关党支部", code="b2", parent=general),
        "office": u(community=community, kind=UnitKind.OFFICE, name="经营科", code="o1"),
        "office2": u(community=community, kind=UnitKind.OFFICE, name="办公室", code="o2"),
        "supervisor": u(community=community, kind=UnitKind.SUPERVISOR, name="餐饮中心", code="s1"),
        "network": u(
            community=community, kind=UnitKind.NETWORK, name="食堂网点", code="n1", network_type="canteen"
        ),
    }
    units["window"] = u(
        community=community, kind=UnitKind.WINDOW, name="甲窗口", code="w1", parent=units["network"]
    )
    units["window2"] = u(
        community=community, kind=UnitKind.WINDOW, name="乙窗口", code="w2", parent=units["network"]
    )
    units["window3"] = u(
        community=community, kind=UnitKind.WINDOW, name="丙窗口", code="w3", parent=units["network"]
    )
    f.LinkageFactory(window=units["window"], office=units["office"], supervisor=units["supervisor"])
    f.LinkageFactory(window=units["window2"], office=units["office2"], supervisor=units["supervisor"])
    units["other_window"] = u(
        community=other,
        kind=UnitKind.WINDOW,
        name="远方窗口",
        code="w1",
        parent=u(community=other, kind=UnitKind.NETWORK, name="远方网点", code="n1", network_type="canteen"),
    )
    world = World(company, community, neighbour, other_company, other, units)

    def person(name: str, role: str, *, unit: Any = None, where: Any = community) -> None:
        user = f.UserFactory(username=name, first_name=f"{name}同志")
        if role == Role.COMPANY_ADMIN:
            f.MembershipFactory(user=user, role=role, company=where)
        else:
            f.MembershipFactory(user=user, role=role, community=where, unit=unit)
        world.users[name] = user

    person("company_admin", Role.COMPANY_ADMIN, where=company)
    person("secretary", Role.SECRETARY)
    person("office", Role.OFFICE, unit=units["office"])
    person("supervisor", Role.SUPERVISOR, unit=units["supervisor"])
    person("window_manager", Role.WINDOW_MANAGER, unit=units["window"])
    person("inspector", Role.INSPECTOR)
    person("party_member", Role.PARTY_MEMBER, unit=units["branch"])
    person("medical", Role.MEDICAL)
    person("neighbour", Role.SECRETARY, where=neighbour)
    person("outsider", Role.SECRETARY, where=other)
    person("other_company_admin", Role.COMPANY_ADMIN, where=other_company)
    world.users["nobody"] = f.UserFactory(username="nobody")
    return world


@pytest.fixture
def world(db: None) -> World:
    with scopes_disabled():
        return _build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world built once for a module of many tests that only read it (the route walk's two
    thousand): each test still runs in its own savepoint, inside the module's transaction, which
    is rolled back when the module is done. A module takes it by overriding ``world``."""
    with rolled_back(django_db_blocker):
        with scopes_disabled():
            built = _build_world()
        yield built


@pytest.fixture
def in_scope(world: World):
    """Run the test body inside the world community's scope, as a request would."""
    with scope(community=world.community.pk):
        yield


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright for Python (never a downloaded browser).

    Without chromium the browser tests are skipped on a developer's machine, and fail in CI
    (CI=true), which installs it.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's live server runs in
    # another, and the test's own ORM calls are synchronous: allow them beside that loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A Chinese-language desktop page on the live server; ``page.goto("/…")`` is relative to it."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (360×740, touch) on the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page, username: str, password: str = "sanjian-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
