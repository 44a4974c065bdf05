"""白衣天使进社区: health talks, free checks, medicine delivered to the dormitories."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class OutreachKind(models.TextChoices):
    TALK = "talk", _("Health talk")
    CHECK = "check", _("Free check")
    DELIVERY = "delivery", _("Medicine delivered to dormitories")
    OTHER = "other", _("Other outreach")


class OutreachEvent(CommunityOwned):
    """One outreach event: when, where, who went, how many were served, what was handed out.

    ``people_served`` counts everyone served; those with an archive are also linked
    (``OutreachServed``), so that the archive shows the check or the delivered medicine."""

    kind = models.CharField(_("kind"), max_length=10, choices=OutreachKind.choices)
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"), default=timezone.localdate)
    place = models.CharField(_("place"), max_length=100)
    staff = models.CharField(_("staff"), max_length=200, help_text=_("The doctors and nurses who went."))
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Leaflets, medicines, devices: what and how many.")
    )
    note = models.TextField(_("note"), blank=True)
    organiser = user_field(_("organiser"), null=True, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class OutreachServed(CommunityOwned):
    """A person with an archive who was served at an outreach event."""

    event = models.ForeignKey(
        OutreachEvent, on_delete=models.CASCADE, related_name="served", verbose_name=_("outreach event")
    )
    archive = models.ForeignKey(
        "health.HealthArchive",
        on_delete=models.CASCADE,
        related_name="outreach",
        verbose_name=_("archive"),
    )
    history = community_history()

    class Meta:
        verbose_name = _("person served")
        verbose_name_plural = _("people served")
        constraints = [unique_in_community("event", "archive", name="health_outreach_served_once")]

    def __str__(self) -> str:
        return f"{self.event} · {self.archive}"
