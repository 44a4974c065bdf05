from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from sanjian.lib import memo
from sanjian.tenancy.models import Community, Company, Membership, RecordRead
from sanjian.tenancy.roles import COMPANY_ROLES


def communities_for_user(user: AbstractBaseUser) -> QuerySet[Community]:
    """The communities the user may enter: their own, and every one of a company they oversee."""
    communities = Community.objects.filter(is_active=True).select_related("company")
    if user.is_superuser:
        return communities
    mine = Membership.objects.filter(user=user)
    return communities.filter(
        Q(pk__in=mine.values("community_id"))
        | Q(company__in=mine.filter(role__in=COMPANY_ROLES).values("company_id"))
    )


def companies_for_user(user: AbstractBaseUser) -> QuerySet[Company]:
    """The companies on whose community party committee the user sits."""
    if user.is_superuser:
        return Company.objects.all()
    return Company.objects.filter(
        pk__in=Membership.objects.filter(user=user, role__in=COMPANY_ROLES).values("company_id")
    )


def community_for_slug(slug: str) -> Community | None:
    """The active community of a URL, its company loaded: from this process's memo
    (``lib.memo``, dropped on every change of a community or company), so that a request
    reads no community row."""
    row = memo.remember(("community", slug), lambda: _community_row(slug))
    if row is None:
        return None
    community, company = row
    return memo.instance(Community, community, company=memo.instance(Company, company))


def _community_row(slug: str) -> tuple[tuple, tuple] | None:
    found = Community.objects.select_related("company").filter(slug=slug, is_active=True).first()
    return None if found is None else (memo.values(found), memo.values(found.company))


def reads_of(record: Model) -> QuerySet[RecordRead]:
    """Who read ``record``, newest first (inside the record's community scope)."""
    return RecordRead.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("user")


def reads_of_kind(model: type[Model]) -> QuerySet[RecordRead]:
    """Every logged read of records of ``model`` in the scope, newest first (the medical lead's log)."""
    return RecordRead.objects.filter(content_type=ContentType.objects.get_for_model(model)).select_related(
        "user"
    )
