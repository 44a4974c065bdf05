"""The members pages speak Chinese first and English on request, with no string left untranslated."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from sanjian.members.models import Meeting
from sanjian.testing.i18n import CJK, data_strings, english_msgids, visible_text


@pytest.fixture
def pages(world, crew):
    with scopes_disabled():
        meeting = Meeting.objects.create(
            community=world.community,
            branch=world.units["branch"],
            kind="lesson",
            held_on=datetime.date(2026, 2, 2),
            topic="党课",
            expected=4,
            present=3,
        )
    branch = world.units["branch"].pk
    return [
        world.url(p)
        for p in [
            "members/",
            "members/chain/",
            "members/meetings/",
            f"members/branches/{branch}/",
            f"members/meetings/{meeting.pk}/",
            "members/meetings/new/",
            f"members/dues/?branch={branch}",
            "members/transfers/",
            "members/import/",
            f"members/people/{crew.members[0].person.pk}/",
            f"members/people/{crew.members[0].person.pk}/party/",
            "members/people/new/",
        ]
    ]


def test_the_pages_in_chinese_show_no_english_message(world, pages):
    client = world.client("secretary")
    msgids = english_msgids()
    data = data_strings()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for value in data:
            text = text.replace(value, "")
        assert sorted(m for m in msgids if m in text) == [], url


def test_the_pages_in_english_show_no_chinese_but_the_records(world, pages):
    client = world.client("secretary")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = data_strings()
    for url in pages:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        text = visible_text(html)
        for value in data:
            text = text.replace(value, "")
        text = text.replace("简体中文", "")
        assert not CJK.search(text), f"{url}: {CJK.findall(text)[:10]}"
