from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sanjian.lib.models import user_field
from sanjian.tenancy.roles import COMPANY_ROLES, OPTIONAL_UNIT_KIND, REQUIRED_UNIT_KIND, Role
from sanjian.tenancy.scoping import CommunityManager, ScopedHistoryManager


class Company(models.Model):
    """A mining group whose community party committee oversees several residential communities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=40, unique=True)
    committee_name = models.CharField(_("community party committee"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """A residential community run by its party general branch: the tenant of every record."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="communities", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=40,
        unique=True,
        help_text=_("Used in addresses such as /c/yangyi/; lower-case letters, digits and hyphens."),
    )
    general_branch_name = models.CharField(_("party general branch"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["company__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="community_name_unique_in_company")
        ]

    def __str__(self) -> str:
        return self.name


class _ScopedHistoryBase(models.Model):
    """Base of the history tables of community-owned models: scoped like the records."""

    objects = CommunityManager()

    class Meta:
        abstract = True


def community_history(**kwargs: object) -> HistoricalRecords:
    """History for a community-owned model: its rows are scoped like the model's own, whether
    read through ``record.history`` / ``Model.history`` or the history model's own manager."""
    return HistoricalRecords(history_manager=ScopedHistoryManager, bases=(_ScopedHistoryBase,), **kwargs)


class CommunityOwned(models.Model):
    """Base of every record that belongs to one community.

    ``community`` is set by services from ``request.community``, never from user input (it is
    not editable, so no form can offer it). ``objects`` is scoped: see ``tenancy.scoping``.
    """

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("community")
    )

    objects = CommunityManager()

    class Meta:
        abstract = True


def unique_in_community(*fields: str, name: str, **options: Any) -> models.UniqueConstraint:
    """A uniqueness rule of a community-owned record: the same code, name or date may recur in
    another community, never twice in one. The community always leads the index, so the rule is
    also the index that community-scoped lookups use."""
    return models.UniqueConstraint(fields=["community", *fields], name=name, **options)


class Membership(models.Model):
    """What a user may do where: a role in one community (or, for the committee, a company).

    Not community-scoped on purpose: it is read by user to find out which communities the user
    may enter, before any community is in scope.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("company")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("community"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
        help_text=_("Confines the role to this unit and what it guarantees."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(company__isnull=False, community__isnull=True))
                | (models.Q(company__isnull=True, community__isnull=False)),
                name="membership_company_xor_community",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "company"],
                condition=models.Q(company__isnull=False),
                name="membership_unique_role_in_company",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "community"],
                condition=models.Q(community__isnull=False, unit__isnull=True),
                name="membership_unique_role_in_community",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "community", "unit"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_role_in_unit",
            ),
        ]

    def __str__(self) -> str:
        place = self.community or self.company
        return f"{self.user} · {self.get_role_display()} · {place}"

    def clean(self) -> None:
        if self.role in COMPANY_ROLES:
            if not self.company_id or self.community_id or self.unit_id:
                raise ValidationError(_("A company role belongs to a company, not to a community or a unit."))
            return
        if not self.community_id or self.company_id:
            raise ValidationError(_("This role belongs to a community."))
        kind = REQUIRED_UNIT_KIND.get(self.role)
        allowed = kind or OPTIONAL_UNIT_KIND.get(self.role)
        if kind and not self.unit_id:
            raise ValidationError({"unit": _("This role needs a unit.")})
        if self.unit_id:
            if not allowed or self.unit.kind != allowed:
                raise ValidationError({"unit": _("This unit is of the wrong kind for the role.")})
            if self.unit.community_id != self.community_id:
                raise ValidationError({"unit": _("The unit belongs to another community.")})


class ReadVia(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("interface")
    EXPORT = "export", _("export")


class RecordRead(CommunityOwned):
    """One read of a sensitive record (a health archive): who read which record, when, and how.

    Append-only and kept apart from the record's change history, which says who changed it; this
    says who looked. It lives in tenancy, the lowest layer that knows communities, because it is
    scoped like every community record and moves with its record (``services.rows_move``).
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    user = user_field(_("read by"), null=True)
    via = models.CharField(_("read through"), max_length=10, choices=ReadVia.choices, default=ReadVia.PAGE)
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("record read")
        verbose_name_plural = _("record reads")
        ordering = ["-read_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "content_type", "object_id", "read_at"], name="record_read_record"
            ),
            models.Index(fields=["community", "read_at"], name="record_read_when"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.content_type.model} #{self.object_id} · {self.read_at:%Y-%m-%d %H:%M}"
