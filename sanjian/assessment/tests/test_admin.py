"""The back office shows the assessment's records; a result there is read only."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sanjian.assessment.models import Result
from sanjian.assessment.tests.conftest import advance, enter
from sanjian.testing.factories import UserFactory


def test_a_result_is_read_only_in_the_back_office(world, library, month, client):
    enter(world, month, world.units["window"], library.hygiene, "value", 90)
    advance(world, month, to="published")
    with scopes_disabled():
        result = Result.objects.get(period=month, unit=world.units["window"])
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/assessment/result/{result.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(f"/admin/assessment/result/{result.pk}/change/", {"total": "1"})
    with scopes_disabled():
        assert Result.objects.get(pk=result.pk).total == result.total
    assert client.get("/admin/assessment/indicator/").status_code == 200
