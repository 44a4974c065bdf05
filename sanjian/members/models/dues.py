"""Party dues (党费): the monthly base a member declares, and the payments recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class DuesCategory(models.TextChoices):
    """How a member's dues are worked out (中组部《关于中国共产党党费收缴、使用和管理的规定》)."""

    INCOME = "income", _("By income (working or retired tiers)")
    STUDENT = "student", _("Student supported by parents or work-study (0.20 yuan)")
    UNEMPLOYED = "unemployed", _("Laid off or unemployed, in real hardship (0.20 yuan)")
    RELIEF = "relief", _("Living on the minimum allowance (dibao) or relief (0.20 yuan)")
    FARMER = "farmer", _("Farmer member (0.20 to 2 yuan, as declared)")


class DuesBase(CommunityOwned):
    """A declared after-tax monthly income, or a fixed-amount category, in force from
    ``valid_from`` (the first of a month) until the member's next declaration. It is the member's
    own record: it moves with the archive."""

    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.CASCADE, related_name="dues_bases", verbose_name=_("member")
    )
    valid_from = models.DateField(_("in force from"))
    monthly_income = models.DecimalField(
        _("after-tax monthly income"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    category = models.CharField(
        _("dues category"), max_length=20, choices=DuesCategory.choices, default=DuesCategory.INCOME
    )
    fixed_amount = models.DecimalField(
        _("fixed monthly dues"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Farmer members only: between 0.20 and 2.00 yuan a month."),
    )
    history = community_history()

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["-valid_from"]
        constraints = [
            unique_in_community(
                "member",
                "valid_from",
                name="dues_base_unique_per_month",
                violation_error_message=_("A base is already declared from this month."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.valid_from:%Y-%m}"

    def clean(self) -> None:
        if self.valid_from and self.valid_from.day != 1:
            self.valid_from = self.valid_from.replace(day=1)


class DuesPayment(CommunityOwned):
    """The dues of one member for one month, as paid (possibly by someone else: 代缴).

    ``amount_due`` is fixed when the payment is recorded, and ``branch`` is the branch that
    collected it: the ledger stays with the community and branch that kept it, even after the
    member transfers elsewhere.
    """

    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="payments", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("party branch")
    )
    month = models.DateField(_("month"))
    amount_due = models.DecimalField(_("amount due"), max_digits=10, decimal_places=2)
    amount_paid = models.DecimalField(
        _("amount paid"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid on"))
    paid_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid on behalf by"),
    )
    recorded_by = user_field(_("recorded by"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month"]
        constraints = [
            unique_in_community(
                "member",
                "month",
                name="dues_payment_unique_per_month",
                violation_error_message=_("The dues of this month are already recorded for this member."),
            )
        ]
        indexes = [models.Index(fields=["community", "branch", "month"])]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"

    @property
    def is_short(self) -> bool:
        return self.amount_paid < self.amount_due

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)
        if self.paid_by_id and self.paid_by_id == self.member.person_id:
            raise ValidationError({"paid_by": _("Leave this empty when the member pays in person.")})
