"""The honours register: titles entered by the secretary, titles the platform awarded read
from their apps, and the register closed to outsiders."""

from __future__ import annotations

import datetime

from django_scopes import scope, scopes_disabled

from sanjian.reports.models import Honour, HonourLevel
from sanjian.windows.models import BenchmarkTitle

THIS_YEAR = datetime.date.today().year


def _post(world, who="secretary", **data):
    fields = {
        "title": "省级文明社区",
        "level": HonourLevel.PROVINCE,
        "awarding_body": "河北省精神文明建设委员会",
        "awarded_on": f"{THIS_YEAR}-03-01",
        "unit": "",
        "person": "",
        "note": "",
        **data,
    }
    return world.client(who).post(world.url("reports/honours/new/"), fields)


def test_the_secretary_enters_a_title_with_history(world):
    assert _post(world).status_code == 302
    with scope(community=world.community.pk):
        honour = Honour.objects.get()
        assert honour.history.get().history_user == world.secretary
    page = world.client("party_member").get(world.url(f"reports/honours/?year={THIS_YEAR}")).content.decode()
    assert "省级文明社区" in page and "河北省精神文明建设委员会" in page


def test_a_title_without_a_date_is_refused_and_nothing_is_written(world):
    response = _post(world, awarded_on="")
    assert response.status_code == 400
    with scope(community=world.community.pk):
        assert not Honour.objects.exists()


def test_benchmark_windows_enter_the_register_by_themselves(world):
    with scopes_disabled():
        BenchmarkTitle.objects.create(
            community=world.community,
            window=world.units["window"],
            year=THIS_YEAR,
            reason="好",
            designated_by=world.secretary,
        )
    page = world.client("secretary").get(world.url(f"reports/honours/?year={THIS_YEAR}")).content.decode()
    assert "甲窗口" in page and 'data-source="windows"' in page


def test_only_leaders_keep_the_register_and_outsiders_see_nothing(world):
    assert _post(world, who="party_member").status_code == 403
    assert world.client("outsider").get(world.url("reports/honours/")).status_code == 404
    assert _post(world).status_code == 302
    with scope(community=world.community.pk):
        pk = Honour.objects.get().pk
    assert world.client("outsider").get(world.url(f"reports/honours/{pk}/")).status_code == 404
    assert world.client("neighbour").get(world.url(f"reports/honours/{pk}/")).status_code == 404


def test_an_entered_title_is_named_in_the_summary(world):
    from sanjian.reports import documents

    assert _post(world, awarded_on=f"{THIS_YEAR}-02-01").status_code == 302
    document = documents.summary_document(
        world.community, datetime.date(THIS_YEAR, 1, 1), datetime.date(THIS_YEAR, 12, 31)
    )
    text = "\n".join(b.text for b in document.blocks)
    assert "荣获省级文明社区" in text and "三、搭建文明服务平台" in text
