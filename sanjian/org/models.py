from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class UnitKind(models.TextChoices):
    GENERAL_BRANCH = "general_branch", _("Party general branch")
    BRANCH = "branch", _("Party branch")
    OFFICE = "office", _("Office department")
    SUPERVISOR = "supervisor", _("Supervising unit")
    NETWORK = "network", _("Service network")
    WINDOW = "window", _("Service window")


class NetworkType(models.TextChoices):
    CANTEEN = "canteen", _("Staff canteen")
    APARTMENT = "apartment", _("Staff apartments")
    PROPERTY = "property", _("Property services")
    MEDICAL = "medical", _("Medical services")
    MINE_AREA = "mine_area", _('Mine area "five modernisations"')


#: Which kinds a unit of each kind may sit under; None stands for the top of the tree.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    UnitKind.GENERAL_BRANCH: {None},
    UnitKind.BRANCH: {UnitKind.GENERAL_BRANCH},
    UnitKind.OFFICE: {None, UnitKind.OFFICE},
    UnitKind.SUPERVISOR: {None},
    UnitKind.NETWORK: {None},
    UnitKind.WINDOW: {UnitKind.NETWORK},
}


class Unit(CommunityOwned):
    """A unit of the community's organisation: the thing that is assessed, scored and ranked."""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("A short code, unique in the community, e.g. canteen-1.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    network_type = models.CharField(_("network type"), max_length=20, choices=NetworkType.choices, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            unique_in_community(
                "code",
                name="unit_code_unique_in_community",
                violation_error_message=_("Another unit of this community already has this code."),
            ),
            unique_in_community(
                "kind",
                "name",
                name="unit_name_unique_in_community",
                violation_error_message=_("Another unit of this kind already has this name."),
            ),
        ]
        indexes = [models.Index(fields=["community", "kind", "sort_order"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind and parent_kind not in ALLOWED_PARENTS.get(self.kind, {None}):
            errors["parent"] = _("A unit of this kind cannot sit under that parent.")
        if self.parent_id and self.community_id and self.parent.community_id != self.community_id:
            errors["parent"] = _("The parent unit belongs to another community.")
        if self.parent_id and self.pk and self._is_own_ancestor():
            errors["parent"] = _("A unit cannot sit under itself.")
        if self.kind == UnitKind.NETWORK and not self.network_type:
            errors["network_type"] = _("A service network needs its type.")
        if self.kind != UnitKind.NETWORK and self.network_type:
            errors["network_type"] = _("Only a service network has a network type.")
        if errors:
            raise ValidationError(errors)

    def _is_own_ancestor(self) -> bool:
        seen, node = set(), self.parent
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False


class Linkage(CommunityOwned):
    """三级联动 / 保包机制: the office department and supervising unit that guarantee a window."""

    window = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        related_name="linkage",
        verbose_name=_("service window"),
        limit_choices_to={"kind": UnitKind.WINDOW},
    )
    office = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="guaranteed_as_office",
        verbose_name=_("guaranteeing office department"),
        limit_choices_to={"kind": UnitKind.OFFICE},
    )
    supervisor = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="guaranteed_as_supervisor",
        verbose_name=_("guaranteeing supervising unit"),
        limit_choices_to={"kind": UnitKind.SUPERVISOR},
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("three-level linkage")
        verbose_name_plural = _("three-level linkages")

    def __str__(self) -> str:
        return f"{self.window} ← {self.office} / {self.supervisor}"

    def clean(self) -> None:
        expected = {"window": UnitKind.WINDOW, "office": UnitKind.OFFICE, "supervisor": UnitKind.SUPERVISOR}
        errors = {}
        for name, kind in expected.items():
            unit = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if unit is None:
                continue
            if unit.kind != kind:
                errors[name] = _("This unit is of the wrong kind.")
            elif self.community_id and unit.community_id != self.community_id:
                errors[name] = _("This unit belongs to another community.")
        if errors:
            raise ValidationError(errors)


class DocumentCategory(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Party building")
    ASSESSMENT = "assessment", _("Assessment")
    SERVICE = "service", _("Service standards")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", _("Other")


DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "wps", "txt", "jpg", "jpeg", "png"]


def document_upload_to(instance: RuleDocument, filename: str) -> str:
    return f"c/{instance.community_id}/documents/{filename}"


class RuleDocument(CommunityOwned):
    """规章制度: a written rule that defines duties, e.g. 《关于加强社区党建工作的意见》."""

    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100)
    category = models.CharField(
        _("category"), max_length=20, choices=DocumentCategory.choices, default=DocumentCategory.OTHER
    )
    effective_date = models.DateField(_("effective from"))
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )
    is_current = models.BooleanField(_("in force"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("rule document")
        verbose_name_plural = _("rule documents")
        ordering = ["-effective_date", "title"]
        constraints = [
            unique_in_community(
                "number",
                condition=~models.Q(number=""),
                name="document_number_unique_in_community",
                violation_error_message=_("Another document of this community already has this number."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class StandardItem(CommunityOwned):
    """One requirement of the standardised party branch (标准化党支部) checklist."""

    code = models.CharField(_("item number"), max_length=10)
    title = models.CharField(_("requirement"), max_length=200)
    description = models.TextField(_("how it is checked"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("standardisation item")
        verbose_name_plural = _("standardisation items")
        ordering = ["sort_order", "code"]
        constraints = [
            unique_in_community(
                "code",
                name="standard_item_code_unique_in_community",
                violation_error_message=_("Another item already has this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class BranchCheck(CommunityOwned):
    """Whether a party branch met one standardisation item in one year, and who said so."""

    branch = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="standard_checks",
        verbose_name=_("party branch"),
        limit_choices_to={"kind": UnitKind.BRANCH},
    )
    item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, related_name="checks", verbose_name=_("item")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    met = models.BooleanField(_("met"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = user_field(_("checked by"), null=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)
    history = community_history()

    class Meta:
        verbose_name = _("branch standardisation check")
        verbose_name_plural = _("branch standardisation checks")
        constraints = [unique_in_community("branch", "item", "year", name="branch_check_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.branch} {self.year} {self.item.code}"

    def clean(self) -> None:
        if self.branch_id and self.branch.kind != UnitKind.BRANCH:
            raise ValidationError({"branch": _("Only a party branch is checked against the standard.")})
        for name in ("branch", "item"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.community_id and related.community_id != self.community_id:
                raise ValidationError({name: _("This record belongs to another community.")})
