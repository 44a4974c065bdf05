"""Manual score entries: by the roles an indicator allows, with a reason and evidence, only while open."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from sanjian.assessment.models import Entry
from sanjian.assessment.tests.conftest import advance, enter, item_of

D = Decimal


def post_entry(world, who, item, data, **extra):
    return world.client(who).post(world.url(f"assessment/items/{item.pk}/entries/new/"), data, **extra)


def entries() -> list[Entry]:
    with scopes_disabled():
        return list(Entry.objects.select_related("entered_by"))


def test_an_inspector_enters_a_deduction_with_evidence(world, library, month):
    item = item_of(month, world.units["window"], library.hygiene)
    photo = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg")
    response = post_entry(
        world,
        "inspector",
        item,
        {"kind": "deduction", "amount": "2", "reason": "操作间地面油污", "evidence": photo},
    )
    assert response.status_code == 302
    [entry] = entries()
    assert (entry.kind, entry.amount, entry.entered_by) == ("deduction", D(2), world.inspector)
    assert entry.evidence.name.endswith(".jpg")
    evidence = world.url(f"assessment/entries/{entry.pk}/evidence/")
    assert world.client("window_manager").get(evidence).status_code == 200
    assert (
        world.client("party_member").get(evidence).status_code == 403
    )  # a plain party member reads no entries
    page = (
        world.client("window_manager")
        .get(world.url(f"assessment/letters/{item.letter_id}/"))
        .content.decode()
    )
    assert "操作间地面油污" in page and "inspector同志" in page


@pytest.mark.parametrize(
    ("who", "indicator", "unit", "status"),
    [
        ("inspector", "hygiene", "window", 200),
        ("supervisor", "complaints", "window", 200),  # named by the indicator, guarantees the window
        ("supervisor", "hygiene", "window", 403),  # not named by this indicator
        ("office", "complaints", "window", 403),  # the indicator does not name office staff
        ("window_manager", "hygiene", "window", 403),  # a unit does not score itself
        ("party_member", "hygiene", "window", 403),
        ("secretary", "satisfaction", "window3", 200),
    ],
)
def test_who_may_enter_follows_the_indicator_and_the_unit(
    world, library, month, who, indicator, unit, status
):
    item = item_of(month, world.units[unit], getattr(library, indicator))
    assert world.client(who).get(world.url(f"assessment/items/{item.pk}/entries/new/")).status_code == status


def test_a_supervisor_cannot_score_a_window_it_does_not_guarantee(world, library, month):
    from sanjian.testing.factories import MembershipFactory, UnitFactory, UserFactory

    with scopes_disabled():
        other = UnitFactory(community=world.community, kind="supervisor", code="s2")
        user = UserFactory(username="other_supervisor")
        MembershipFactory(user=user, role="supervisor", community=world.community, unit=other)
    world.users["other_supervisor"] = user
    item = item_of(month, world.units["window"], library.complaints)
    assert (
        world.client("other_supervisor")
        .get(world.url(f"assessment/items/{item.pk}/entries/new/"))
        .status_code
        == 403
    )


def test_an_entry_without_a_reason_or_an_amount_is_refused(world, library, month):
    item = item_of(month, world.units["window"], library.hygiene)
    assert (
        post_entry(world, "inspector", item, {"kind": "value", "amount": "80", "reason": ""}).status_code
        == 400
    )
    response = post_entry(world, "inspector", item, {"kind": "deduction", "amount": "", "reason": "x"})
    assert response.status_code == 400 and "请填写数值" in response.content.decode()
    assert (
        post_entry(world, "inspector", item, {"kind": "deduction", "amount": "-1", "reason": "x"}).status_code
        == 400
    )
    assert entries() == []


def test_an_entry_kind_that_does_not_fit_the_indicator_is_refused(world, library, month):
    occurrences = item_of(month, world.units["window"], library.complaints)
    response = post_entry(world, "secretary", occurrences, {"kind": "value", "amount": "3", "reason": "x"})
    assert response.status_code == 400
    automatic = item_of(month, world.units["window"], library.cost)
    assert (
        post_entry(world, "secretary", automatic, {"kind": "value", "amount": "3", "reason": "x"}).status_code
        == 400
    )
    no_bonus = item_of(month, world.units["window"], library.hygiene)
    assert (
        post_entry(world, "secretary", no_bonus, {"kind": "bonus", "amount": "1", "reason": "x"}).status_code
        == 400
    )
    assert entries() == []


def test_evidence_of_the_wrong_type_is_refused(world, library, month):
    item = item_of(month, world.units["window"], library.hygiene)
    script = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    data = {"kind": "deduction", "amount": "1", "reason": "x", "evidence": script}
    assert post_entry(world, "inspector", item, data).status_code == 400
    assert entries() == []


def test_entries_after_closing_are_refused_on_the_page(world, library, month):
    item = item_of(month, world.units["window"], library.hygiene)
    advance(world, month, to="closed")
    response = post_entry(
        world, "inspector", item, {"kind": "deduction", "amount": "1", "reason": "迟到的检查"}
    )
    assert response.status_code == 400 and "已关闭" in response.content.decode()
    assert entries() == []


def test_the_author_withdraws_an_entry_and_the_history_keeps_it(world, library, month):
    entry = enter(
        world, month, world.units["window"], library.hygiene, "deduction", 1, "误录", who="inspector"
    )
    url = world.url(f"assessment/entries/{entry.pk}/withdraw/")
    assert world.client("supervisor").post(url).status_code == 403
    assert world.client("inspector").post(url).status_code == 302
    assert entries() == []
    with scopes_disabled():
        assert [h.history_type for h in Entry.history.filter(id=entry.pk).order_by("history_id")] == [
            "+",
            "-",
        ]
