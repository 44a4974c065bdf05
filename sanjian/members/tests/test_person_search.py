"""Defect 11.18: the attendance and certificate forms pick a person by searching (name, pinyin
initials, the end of the ID number) instead of scrolling a list of 300 names."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from sanjian.testing.members import PersonFactory


@pytest.fixture
def people(world):
    with scopes_disabled():
        sun = PersonFactory(community=world.community, name="孙丽娟", unit=world.units["window"])
        song = PersonFactory(community=world.community, name="宋立军")
        PersonFactory(community=world.community, name="李卫东")
        PersonFactory(community=world.neighbour_community, name="孙立军")  # another community's
        gone = PersonFactory(community=world.community, name="孙丽娜", is_active=False)
    return sun, song, gone


def search(world, who: str, q: str):
    return world.client(who).get(world.url("members/people/search/"), {"q": q})


def names(world, q: str) -> set[str]:
    return {r["name"] for r in search(world, "secretary", q).json()["results"]}


def test_people_are_found_by_pinyin_initials(world, people):
    assert names(world, "slj") == {"孙丽娟", "宋立军"}
    assert names(world, "SL") == {"孙丽娟", "宋立军"}
    assert names(world, "lwd") == {"李卫东"}


def test_people_are_found_by_part_of_the_name_and_by_the_id_number_ending(world, people):
    sun, _song, _gone = people
    assert names(world, "丽娟") == {"孙丽娟"}
    found = search(world, "secretary", sun.id_number[-6:]).json()["results"]
    assert [r["id"] for r in found] == [sun.pk]
    assert found[0]["id_tail"] == sun.id_number[-4:] and found[0]["unit"] == "甲窗口"
    assert sun.id_number not in search(world, "secretary", sun.id_number[-6:]).content.decode()


def test_nothing_is_answered_for_an_empty_query_nor_outside_the_community(world, people):
    assert (
        names(world, " ") == set()
        and "孙立军" not in names(world, "slj")
        and "孙丽娜" not in names(world, "孙")
    )


def test_the_search_is_for_those_who_see_people(world, people):
    assert search(world, "party_member", "slj").status_code == 403
    assert search(world, "outsider", "slj").status_code == 404
