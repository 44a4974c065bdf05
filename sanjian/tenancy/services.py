from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from sanjian.lib.records import Actor, record_save
from sanjian.tenancy.models import Community, Company, Membership, ReadVia, RecordRead


@transaction.atomic
def membership_grant(
    *,
    user: AbstractBaseUser,
    role: str,
    community: Community | None = None,
    company: Company | None = None,
    unit: Any = None,
    actor: Actor,
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


def record_read(
    *, community: Community, record: models.Model, actor: Actor, via: str = ReadVia.PAGE
) -> RecordRead:
    """Log that ``actor`` read ``record`` (a sensitive record: a health archive). Call it where
    the record is shown, exported or answered through the interface, once per read."""
    if getattr(record, "community_id", community.pk) != community.pk:
        raise ValueError("a record is read in its own community")
    return RecordRead.objects.create(
        community=community,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        user=actor if actor is not None and actor.is_authenticated else None,
        via=via,
    )


def rows_move(model: type[models.Model], ids: Iterable[int], *, to: Community) -> None:
    """Move community-owned rows of ``model`` to community ``to``, with everything kept about
    them: their history rows and the log of who read them. For a person's records when the
    person's archive moves (``lib.registries.person_moved``); call with scopes disabled."""
    ids = list(ids)
    if not ids:
        return
    model._base_manager.filter(pk__in=ids).update(community=to)
    history = getattr(model, "history", None)
    if history is not None:
        history.model._base_manager.filter(id__in=ids).update(community=to)
    RecordRead._base_manager.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).update(community=to)


def rows_scrub(model: type[models.Model], ids: Iterable[int], **values: Any) -> None:
    """Overwrite fields of community-owned rows of ``model`` and of every history row kept of
    them: what anonymising a person replaces (a name, an ID number) must leave no copy behind in
    the history (call with scopes disabled, or inside the rows' scope)."""
    ids = list(ids)
    if not ids or not values:
        return
    model._base_manager.filter(pk__in=ids).update(**values)
    history = getattr(model, "history", None)
    if history is not None:
        history.model._base_manager.filter(id__in=ids).update(**values)
