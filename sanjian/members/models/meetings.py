"""Branch life (三会一课): meetings of a branch with their attendance, minutes and attachments."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class MeetingKind(models.TextChoices):
    ASSEMBLY = "assembly", _("Branch general meeting")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LESSON = "lesson", _("Party lesson")
    THEME_DAY = "theme_day", _("Theme party day")


class Meeting(CommunityOwned):
    """One meeting of a branch. ``expected`` and ``present`` (应到/实到) are kept current by the
    services from the attendance marks, so that lists and the yearly view never count rows."""

    branch = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("party branch")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    location = models.CharField(_("location"), max_length=100, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    expected = models.PositiveIntegerField(_("expected"), default=0, editable=False)
    present = models.PositiveIntegerField(_("present"), default=0, editable=False)
    history = community_history()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "branch__sort_order"]
        indexes = [models.Index(fields=["community", "branch", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.topic}"


class Attendance(CommunityOwned):
    """Whether one expected member was there; if not, why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="attendance", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=100, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [unique_in_community("meeting", "member", name="attendance_unique_per_meeting")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member}"


MEETING_FILE_EXTENSIONS = ["pdf", "doc", "docx", "jpg", "jpeg", "png", "xls", "xlsx", "txt"]


def attachment_upload_to(instance: MeetingAttachment, filename: str) -> str:
    return f"c/{instance.community_id}/meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(CommunityOwned):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        validators=[FileExtensionValidator(MEETING_FILE_EXTENSIONS), validate_upload_size],
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def __str__(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]
