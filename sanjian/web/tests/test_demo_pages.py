"""The route walk on the demo's own records: the secretary follows every link under /c/yangyi/,
opening one page of each route, so that each detail page is opened on a record the demo made
(bulk loads, records without history) and not only on a factory's. No page may answer 5xx.

It is one test: loading the demo is the expensive part, and the walk reads only.
"""

from __future__ import annotations

import re
from collections import deque

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from sanjian.tenancy.tests.test_every_page import PAGES

BASE = "/c/yangyi/"
LINK = re.compile(r'href="(/c/yangyi/[^"#?]*)')
#: downloads are opened by their own tests (and rendering every PDF would make the walk slow)
DOWNLOADS = (".xlsx", ".pdf", ".docx", ".csv", ".zip", ".png", ".jpg")


def _route_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def walk(client: Client) -> tuple[dict[str, str], list[str]]:
    """Route → the first page opened of it, and the pages that answered 5xx."""
    opened: dict[str, str] = {}
    errors: list[str] = []
    queue = deque([BASE])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code >= 500:
            errors.append(f"{path} → {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            if link.endswith(DOWNLOADS) or "/logout" in link:
                continue
            route = _route_key(link)
            if route is None or route in opened:
                continue
            opened[route] = link
            queue.append(link)
    return opened, errors


def test_the_secretary_opens_a_page_of_every_route_on_the_demo_records_without_an_error(db):
    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="secretary"))
    opened, errors = walk(client)
    assert errors == []
    # the apps whose records the demo makes (a new app joins when its demo exists)
    demo_apps = ("org", "members", "assessment", "windows", "dedication")
    detail_routes = {
        route for route, _ in PAGES if route.endswith("<int:pk>/") and route.split("/")[2] in demo_apps
    }
    assert "c/<slug:community_slug>/members/meetings/<int:pk>/" in opened, sorted(opened)
    # every detail page the secretary can reach by a link was opened on a demo record
    # the demo holds no roster import, and the verification page of a log is reached by a form
    unreached = {
        "c/<slug:community_slug>/members/import/<int:pk>/",
        "c/<slug:community_slug>/dedication/verify/<int:pk>/",
    }
    assert detail_routes - unreached <= set(opened), sorted(detail_routes - unreached - set(opened))
