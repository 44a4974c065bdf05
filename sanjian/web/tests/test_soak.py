"""The soak's short form (issue 16, item 5): ``bench/soak.py``'s clients against gunicorn on this
test's PostgreSQL database for 20 seconds; every acknowledged rating, inspection and volunteer
check-in is in the database exactly once, a check-in twice is refused, the rollups equal a
rebuild, and no request got a 5xx. The full soak
(200 clients, minutes) is a benchmark: ``.venv/bin/python bench/soak.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_scopes import scopes_disabled

from bench import soak
from sanjian.testing.servers import app_server, collect_static, database_url, server_env
from sanjian.windows.models import Rating
from sanjian.windows.tests.factories import CriterionFactory, StandardFactory
from sanjian.windows.tokens import window_token

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the servers must share the test's database: PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_a_short_soak_loses_no_acknowledged_write(world: Any, tmp_path: Any) -> None:
    windows = [world.units[name] for name in ("window", "window2", "window3")]
    with scopes_disabled():  # the canteen standard the inspections are recorded against
        CriterionFactory(standard=StandardFactory(community=world.community, network_type="canteen"))
    session = Client()
    session.force_login(world.inspector)
    with scopes_disabled():
        before = {w.pk: Rating.objects.filter(window=w).count() for w in windows}
    volunteers = soak.volunteers_make(world.community, volunteers=8, activities=30)
    env = server_env(tmp_path, DATABASE_URL=database_url(), PROXY_COUNT="1")
    collect_static(env)
    with app_server(env, workers=2) as port:
        plan = soak.Plan(
            community=world.community.slug,
            rate_paths={world.url(f"windows/r/{window_token(w)}/"): w.pk for w in windows},
            inspector_cookie=f"sessionid={session.cookies['sessionid'].value}",
            inspect_windows=[w.pk for w in windows],
            read_paths=[world.url("windows/"), world.url("")],
            **volunteers,
        )
        report = soak.drive(port, plan, seconds=20, clients=10)
    result = soak.verify(report, before, world.community.slug)
    assert result["acknowledged_ratings"] > 20 and result["acknowledged_inspections"] > 0, result
    assert result["acknowledged_checkins"] > 5, result
    assert result["statuses"].keys() <= {200, 201, 302, 303, 400, 429}, result
    assert soak.ok(result), result
