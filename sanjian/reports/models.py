"""What the reports app keeps of its own: the secretary's edited work summaries and the honours
register. Every figure is read from the other apps at the moment a document is made; only the
words a person wrote are stored here."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class Summary(CommunityOwned):
    """A work summary (工作总结) of ``start``..``end`` as the secretary edited it.

    ``text`` is the source of the document: a line ``# `` is the title, ``## `` a section heading,
    any other line a paragraph, and ``[[app.figure]]`` a figure bound to the records (resolved
    each time the document is made, so that regenerating refreshes every figure while the words
    stay as edited). No row means the generated text is used as it is.
    """

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    text = models.TextField(_("text"))
    edited_by = user_field(_("edited by"))
    edited_at = models.DateTimeField(_("edited at"), auto_now=True)
    history = community_history()

    class Meta:
        verbose_name = _("work summary")
        verbose_name_plural = _("work summaries")
        ordering = ["-end", "-start"]
        constraints = [
            unique_in_community("start", "end", name="reports_summary_once_a_period"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="reports_summary_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}–{self.end:%Y-%m}"


class HonourLevel(models.TextChoices):
    COMMUNITY = "community", _("Community")  # the general branch's own titles: benchmark windows
    COMPANY = "company", _("Company")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    NATION = "nation", _("Nation")


def evidence_upload_to(instance: Honour, filename: str) -> str:
    return f"c/{instance.community_id}/reports/honours/{filename}"


class Honour(CommunityOwned):
    """A title won (荣誉) by the community, one of its units or one of its members.

    Titles awarded inside the platform (benchmark windows, red flags) are not entered here: the
    register reads them from their apps, so that they are never typed twice.
    """

    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=HonourLevel.choices)
    awarding_body = models.CharField(_("awarding body"), max_length=100)
    awarded_on = models.DateField(_("awarded on"))
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("unit"),
        help_text=_("Leave unit and member empty for a title of the whole community."),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("member"),
    )
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_upload_to,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "doc", "docx"]),
            validate_upload_size,
        ],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-awarded_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(person__isnull=True),
                name="reports_honour_one_holder",
                violation_error_message=_("An honour is held by the community, a unit or a member: not two."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class DownloadStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def download_upload_to(instance: Download, filename: str) -> str:
    return f"c/{instance.community_id}/reports/downloads/{instance.created_by_id}/{filename}"


class Download(CommunityOwned):
    """A document made in the background (huey) for one user: a work summary, a notice, an
    export. The page shows its progress and the user fetches it later from "my downloads"."""

    kind = models.CharField(_("kind"), max_length=30)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=DownloadStatus.choices, default=DownloadStatus.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=download_upload_to, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_by", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def running(self) -> bool:
        return self.status in (DownloadStatus.WAITING, DownloadStatus.RUNNING)
