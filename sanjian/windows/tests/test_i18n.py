"""The windows pages speak Chinese first and English on request, like every page of the platform."""

from __future__ import annotations

import pytest
from django.test import Client

from sanjian.testing.i18n import CJK, data_strings, english_msgids, visible_text
from sanjian.windows.tests.factories import give_rating
from sanjian.windows.tokens import board_token, window_token


@pytest.fixture
def pages(world, standard):
    rating = give_rating(world.units["window"], 1, phone="13800138000")
    window = world.units["window"].pk
    world.client("inspector").post(
        world.url("windows/inspections/new/"), {"window": window, "inspected_on": "2026-11-02"}
    )
    from django_scopes import scopes_disabled

    from sanjian.windows.models import Inspection

    with scopes_disabled():
        inspection = Inspection.objects.get().pk
        ticket = rating.ticket.pk
    token = window_token(world.units["window"])
    internal = [
        "windows/",
        f"windows/{window}/",
        f"windows/{window}/not-applicable/",
        "windows/standards/",
        f"windows/standards/{standard.pk}/",
        "windows/inspections/",
        "windows/inspections/new/",
        f"windows/inspections/{inspection}/",
        "windows/tickets/",
        f"windows/tickets/{ticket}/",
        f"windows/tickets/{ticket}/rectify/",
        "windows/benchmarks/",
        "windows/benchmarks/new/",
        "windows/settings/",
        "",
    ]
    public = [
        f"windows/r/{token}/",
        f"windows/w/{token}/",
        f"windows/board/{board_token(world.community, 1)}/",
    ]
    return [world.url(p) for p in internal], [world.url(p) for p in public]


def test_the_windows_pages_in_chinese_show_no_english_message(world, pages):
    internal, public = pages
    msgids, data = english_msgids(), data_strings() + ["secretary"]
    for url in internal + public:
        client = world.client("secretary") if url in internal else Client()
        html = client.get(url).content.decode()
        text = visible_text(html)
        for value in data:
            text = text.replace(value, "")
        assert sorted(m for m in msgids if m in text) == [], url


def test_the_windows_pages_in_english_show_no_chinese_but_the_records(world, pages):
    internal, public = pages
    client = world.client("secretary")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = data_strings()
    for url in internal + public:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        text = visible_text(html)
        for value in data:
            text = text.replace(value, "")
        text = text.replace("简体中文", "")
        assert not CJK.search(text), f"{url}: {CJK.findall(text)[:10]}"
