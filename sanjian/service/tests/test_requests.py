import datetime

import pytest
from django.core.exceptions import ValidationError

from sanjian.service import services
from sanjian.service.models import RequestStatus, ServiceRequest


def open_request(world, apt, kind="repair"):
    return services.request_open(
        community=world.community,
        request=ServiceRequest(
            room=apt.rooms[0],
            kind=kind,
            reported_on=datetime.date(2026, 3, 3),
            reporter="张三",
            description="水龙头漏水",
        ),
        actor=world.secretary,
    )


def test_a_request_runs_from_open_to_closed_through_the_call_back(world, apt, in_scope):
    item = open_request(world, apt)
    services.request_resolve(
        request=item, resolution="更换阀芯", resolved_on=datetime.date(2026, 3, 4), actor=world.secretary
    )
    done = services.request_call_back(request=item, satisfaction="satisfied", actor=world.secretary)
    assert done.status == RequestStatus.CLOSED
    assert [h.status for h in done.history.order_by("history_date")] == ["open", "done", "closed"]


def test_an_unsatisfied_call_back_reopens_the_request(world, apt, in_scope):
    item = open_request(world, apt)
    services.request_resolve(
        request=item, resolution="更换阀芯", resolved_on=datetime.date(2026, 3, 4), actor=world.secretary
    )
    with pytest.raises(ValidationError):  # why not satisfied?
        services.request_call_back(request=item, satisfaction="unsatisfied", actor=world.secretary)
    again = services.request_call_back(
        request=item, satisfaction="unsatisfied", note="仍在滴水", actor=world.secretary
    )
    assert again.status == RequestStatus.OPEN


def test_a_call_back_before_the_work_is_done_is_refused(world, apt, in_scope):
    item = open_request(world, apt)
    with pytest.raises(ValidationError):
        services.request_call_back(request=item, satisfaction="satisfied", actor=world.secretary)


def test_only_a_complaint_is_verified_serious(world, apt, in_scope):
    repair = open_request(world, apt)
    with pytest.raises(ValidationError):
        services.complaint_verify(request=repair, serious=True, reason="查实", actor=world.secretary)
    complaint = open_request(world, apt, kind="complaint")
    assert services.complaint_verify(
        request=complaint, serious=True, reason="查实", actor=world.secretary
    ).verified_serious
