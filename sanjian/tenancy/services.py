from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sanjian.lib.records import record_save
from sanjian.tenancy.models import Community, Company, Membership


@transaction.atomic
def membership_grant(
    *,
    user: AbstractBaseUser,
    role: str,
    community: Community | None = None,
    company: Company | None = None,
    unit: Any = None,
    actor: AbstractBaseUser | None,
) -> Membership:
    """Give ``user`` a role in a community (optionally tied to a unit) or, for the committee, a
    company. Granting a role the user already holds changes nothing."""
    existing = Membership.objects.filter(
        user=user, role=role, community=community, company=company, unit=unit
    ).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, role=role, community=community, company=company, unit=unit)
    return record_save(membership, actor=actor)
