"""The health app's automatic indicator for the assessment platform: follow-ups on time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from sanjian.health.selectors import ON_TIME, plans_judged
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Membership
from sanjian.tenancy.roles import Role


def on_time_rate(
    units: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Per unit, the share of follow-ups due in the period (and past) that were done by their due
    date, in percent: for a medical service network, the plans of the doctors tied to it; for
    the general branch, every plan of the community. None where nothing was due. Asked month by
    month, it is the on-time rate per doctor's network and month."""
    by_doctor = {
        row["doctor_id"]: (row["due"], row["on_time"])
        for row in plans_judged(start, end)
        .values("doctor_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by()
    }
    doctors: dict[int, set[int]] = {}
    for unit_id, user_id in Membership.objects.filter(
        unit__in=[u.pk for u in units], role__in=(Role.MEDICAL, Role.MEDICAL_LEAD)
    ).values_list("unit_id", "user_id"):
        doctors.setdefault(unit_id, set()).add(user_id)
    result: dict[int, Decimal | None] = {}
    for unit in units:
        if unit.kind == UnitKind.GENERAL_BRANCH:
            rows = list(by_doctor.values())
        else:
            rows = [by_doctor[d] for d in doctors.get(unit.pk, ()) if d in by_doctor]
        due = sum(r[0] for r in rows)
        on_time = sum(r[1] for r in rows)
        result[unit.pk] = (Decimal(on_time) * 100 / due).quantize(Decimal("0.1")) if due else None
    return result
