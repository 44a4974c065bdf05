"""The dashboard shows the panels the apps contribute, to the roles that may see them."""

from __future__ import annotations

from sanjian.lib.registries import Panel, Permission, panels, permissions


def test_the_dashboard_shows_the_organisation_figures(world):
    page = world.client("inspector").get(world.url("")).content.decode()
    assert 'data-panel="org.windows"' in page and "个标杆服务窗口" in page
    assert 'data-panel="org.networks"' in page
    assert "丙窗口" in page  # not guaranteed: flagged


def test_a_panel_is_shown_only_to_roles_with_its_permission(world):
    panel = Panel(
        "test.panel",
        "web/panels/figure.html",
        lambda request: {"value": 7, "label": "秘密", "url": "#"},
        "test.panel",
        kind="figure",
    )
    with permissions.registered(Permission("test.panel", "x", {"secretary"})), panels.registered(panel):
        assert 'data-panel="test.panel"' in world.client("secretary").get(world.url("")).content.decode()
        assert 'data-panel="test.panel"' not in world.client("inspector").get(world.url("")).content.decode()


def test_a_panel_with_nothing_to_say_is_left_out(world):
    with panels.registered(Panel("test.empty", "web/panels/figure.html", lambda request: None, "org.view")):
        assert 'data-panel="test.empty"' not in world.client("secretary").get(world.url("")).content.decode()
