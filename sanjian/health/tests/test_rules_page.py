"""The follow-up rules page: every doctor reads it; only the medical lead changes a rule."""

from __future__ import annotations

import pytest
from django_scopes import scope

from sanjian.health.models import FollowUpRule


def rule(med, code):
    with scope(community=med.world.community.pk):
        return FollowUpRule.objects.filter(condition__code=code).first()


def post(med, who, code, **extra):
    data = {
        "visits_per_year": "6",
        "annual_check": "on",
        "face_to_face_only": "on",
        "urgent_days": "10",
        "is_active": "on",
    }
    data.update(extra)
    pk = med.conditions[code].pk
    return med.world.client(who).post(med.world.url(f"health/rules/{pk}/"), data)


def test_a_doctor_reads_the_rules_without_edit_links(med):
    page = med.world.client("medical").get(med.world.url("health/rules/")).content.decode()
    assert "高血压" in page and "尘肺病" in page and "仅作记录" in page
    assert f"health/rules/{med.conditions['hypertension'].pk}/" not in page
    assert post(med, "medical", "hypertension").status_code == 403
    assert rule(med, "hypertension").visits_per_year == 4


def test_the_lead_changes_a_rule_with_history(med):
    page = med.world.client("medical_lead").get(med.world.url("health/rules/")).content.decode()
    assert f"health/rules/{med.conditions['hypertension'].pk}/" in page
    assert post(med, "medical_lead", "hypertension").status_code == 302
    changed = rule(med, "hypertension")
    assert (changed.visits_per_year, changed.urgent_days) == (6, 10)
    with scope(community=med.world.community.pk):
        assert changed.history.first().history_user == med.lead


def test_the_lead_gives_a_recorded_only_condition_a_rule(med):
    assert rule(med, "copd") is None
    assert post(med, "medical_lead", "copd", visits_per_year="2").status_code == 302
    assert rule(med, "copd").visits_per_year == 2


@pytest.mark.parametrize("bad", [{"visits_per_year": "5"}, {"urgent_days": "0"}, {"urgent_days": "40"}])
def test_bad_input_changes_nothing(med, bad):
    assert post(med, "medical_lead", "hypertension", **bad).status_code == 400
    assert (rule(med, "hypertension").visits_per_year, rule(med, "hypertension").urgent_days) == (4, 14)


@pytest.mark.parametrize("who", ["outsider", "neighbour"])
def test_an_outsider_gets_404(med, who):
    client = med.world.client(who)
    assert client.get(med.world.url("health/rules/")).status_code == 404
    assert post(med, who, "hypertension").status_code == 404


def test_the_secretary_is_refused(med):
    assert med.world.client("secretary").get(med.world.url("health/rules/")).status_code == 403
    assert post(med, "secretary", "hypertension").status_code == 403
