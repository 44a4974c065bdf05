"""Volunteer service certificates (志愿服务证明) and their public verification."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class Certificate(CommunityOwned):
    """What a certificate said when it was issued: a snapshot, so that later corrections of the
    logs never change a certificate already handed out (a new one is issued instead).

    ``serial`` is unique in its community; its last part is random, so that serials cannot be
    walked through on the public verification page.
    """

    serial = models.CharField(_("serial number"), max_length=40, editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("person")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    holder_name = models.CharField(_("name"), max_length=50, editable=False)
    holder_id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    minutes = models.PositiveIntegerField(_("verified minutes"), editable=False)
    activities = models.JSONField(_("activities"), default=list, editable=False)
    issued_on = models.DateField(_("issued on"), editable=False)
    issued_by = user_field(_("issuer"), null=True, editable=False)
    is_revoked = models.BooleanField(_("revoked"), default=False, editable=False)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True, editable=False)
    history = community_history()

    class Meta:
        verbose_name = _("volunteer service certificate")
        verbose_name_plural = _("volunteer service certificates")
        ordering = ["-issued_on", "-sequence"]
        constraints = [
            unique_in_community("serial", name="dedication_certificate_serial_unique"),
            unique_in_community("sequence", name="dedication_certificate_sequence_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="dedication_certificate_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.serial
