"""Organisational relationship transfers (组织关系转接).

A transfer inside the company may cross communities (two communities of one company), so it
belongs to two communities at once: ``community`` is the sending one (the tenant that owns the
row and its history) and ``to_community`` the receiving one. Its manager shows a transfer in
scope of either, and refuses, like every scoped manager, to run without a community in scope.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community
from sanjian.tenancy.scoping import CommunityManager


class TransferKind(models.TextChoices):
    INSIDE = "inside", _("To a branch inside the company")
    OUT = "out", _("Out of the company")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


class BothSidesManager(CommunityManager):
    """Transfers sent from or received by the communities in scope."""

    scope_fields = ("community", "to_community")


class Transfer(CommunityOwned):
    """A member's move from one branch to another (inside the company) or out of the company.

    Inside the company both the sending and the receiving branch approve; then the archive moves.
    Out of the company the sending side records the letter number and the member leaves.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member")
    )
    from_branch = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from branch")
    )
    to_community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving community"),
    )
    to_branch = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("to branch"),
    )
    destination = models.CharField(
        _("destination organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a transfer out of the company: the Party organisation that receives the member."),
    )
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = user_field(_("requested by"), null=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    sender_approved_by = user_field(_("approved by the sending branch"), null=True, blank=True)
    sender_approved_at = models.DateTimeField(_("sending branch approved at"), null=True, blank=True)
    receiver_approved_by = user_field(_("approved by the receiving branch"), null=True, blank=True)
    receiver_approved_at = models.DateTimeField(_("receiving branch approved at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    dues_paid_until = models.DateField(_("dues paid until"), null=True, blank=True)
    rejection = models.CharField(_("reason for rejection"), max_length=200, blank=True)

    objects = BothSidesManager()
    history = community_history()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at"]
        constraints = [
            unique_in_community(
                "letter_number",
                condition=~models.Q(letter_number=""),
                name="transfer_letter_unique_in_community",
                violation_error_message=_(
                    "Another transfer of this community already has this letter number."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.from_branch} → {self.to_branch or self.destination}"
