"""The demo's year of assessment in 阳邑社区, as `load_demo` leaves it."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scope

from sanjian.assessment.models import (
    Adjustment,
    Appeal,
    CostItem,
    Entry,
    Indicator,
    Letter,
    Period,
    Result,
    TemplateItem,
)


def test_a_year_of_months_with_letters_quotas_results_and_appeals(yangyi):
    with scope(community=yangyi.pk):
        months = list(Period.objects.filter(kind="month").order_by("start"))
        assert len(months) == 12
        assert [p.status for p in months] == ["final"] * 10 + ["published", "open"]
        assert {Letter.objects.filter(period=p).count() for p in months} == {38}  # 22 windows, 5 + 5 + 6
        assert Result.objects.filter(period=months[-2], total__isnull=False).count() == 38
        assert {"每餐食材成本", "水电费", "清洁材料"} <= set(CostItem.objects.values_list("name", flat=True))
        # one appeal upheld and applied as an adjustment, one awaiting decision
        upheld = Appeal.objects.get(status="upheld")
        adjustment = Adjustment.objects.get(appeal=upheld)
        assert upheld.result.unit.name == "一号售饭窗口"
        assert upheld.result.adjustment == adjustment.points > 0
        assert Appeal.objects.filter(status="pending").count() == 1
        # nothing was scored in the future (the open month's entries too)
        assert not Entry.objects.filter(entered_at__gt=timezone.now()).exists()


def test_a_member_reads_the_published_results(yangyi, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="member"))
    with scope(community=yangyi.pk):
        latest = Period.objects.filter(status="published").get()
    page = client.get(f"/c/yangyi/assessment/periods/{latest.pk}/results/").content.decode()
    assert "医院药房" in page and "一号售饭窗口" in page and "申诉" in page


def test_the_library_and_templates_were_set_up_by_the_secretary_with_history(yangyi):
    with scope(community=yangyi.pk):
        for model in (Indicator, TemplateItem):
            assert model.objects.exists()
            created = model.history.filter(history_type="+")
            assert created.count() == model.objects.count()
            assert set(created.values_list("history_user__username", flat=True)) == {"secretary"}
