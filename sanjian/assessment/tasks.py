"""Background work: periods whose appeal window has passed become final (and locked)."""

from __future__ import annotations

from django_scopes import scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanjian.assessment.services import periods_finalise_due


@db_periodic_task(crontab(minute="*/15"))
def finalise_due_periods() -> int:
    # Every community at once: the task belongs to no request, so to no single community.
    with scopes_disabled():
        return periods_finalise_due()
