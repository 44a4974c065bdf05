"""The assessment's pages speak Chinese first and English on request, leaking neither."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from sanjian.assessment.models import Letter, Result
from sanjian.assessment.tests.conftest import advance, enter
from sanjian.lib.registries import indicator_sources
from sanjian.testing.i18n import CJK, data_strings, english_msgids, visible_text


@pytest.fixture
def pages(world, library, month):
    enter(world, month, world.units["window"], library.hygiene, "value", 80, "地面不洁")
    advance(world, month, to="published")
    with scopes_disabled():
        letter = Letter.objects.filter(period=month).first()
        result = Result.objects.filter(period=month, unit=world.units["window"]).get()
    paths = [
        "assessment/",
        f"assessment/periods/{month.pk}/",
        f"assessment/periods/{month.pk}/results/",
        f"assessment/periods/{month.pk}/costs/",
        f"assessment/letters/{letter.pk}/",
        f"assessment/results/{result.pk}/",
        f"assessment/units/{world.units['window'].pk}/trend/",
        "assessment/warnings/",
        "assessment/published/",
        "assessment/indicators/",
        "assessment/indicators/new/",
        "assessment/templates/window/",
        "assessment/settings/",
        "assessment/periods/new/",
    ]
    return [world.url(p) for p in paths]


def test_in_chinese_no_english_message_shows(world, pages):
    client = world.client("secretary")
    msgids = english_msgids()
    # Records, and the keys of the indicator sources (technical names shown beside their labels).
    data = [source.key for source in indicator_sources.all()] + data_strings()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for value in data:
            text = text.replace(value, "")
        assert sorted(m for m in msgids if m in text) == [], url


def test_in_english_no_chinese_shows_but_the_records(world, pages):
    client = world.client("secretary")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = data_strings()
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        for value in data:
            text = text.replace(value, "")
        text = text.replace("简体中文", "")
        assert not CJK.search(text), f"{url}: {CJK.findall(text)[:10]}"
