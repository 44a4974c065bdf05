"""A refusal is logged as one line (who, what, why); a fault keeps its traceback."""

from __future__ import annotations

import logging


def test_a_refused_page_is_logged_as_one_line_without_a_traceback(world, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = world.client("party_member").get(world.url("org/units/new/"))
    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert len(refusals) == 1
    line = refusals[0]
    assert line.exc_info is None and line.exc_text is None
    assert line.getMessage().startswith("Refused GET /c/")
    assert world.party_member.username in line.getMessage()
    assert "Traceback" not in caplog.text


def test_other_warnings_keep_their_details(caplog):
    from sanjian.lib.logs import OneLineRefusals

    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None
    )
    record.status_code = 500
    assert OneLineRefusals().filter(record) and record.getMessage() == "Internal Server Error"
