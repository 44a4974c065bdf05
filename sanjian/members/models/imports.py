"""An upload of a roster, kept between its preview and its confirmation."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanjian.lib.files import validate_upload_size
from sanjian.lib.models import user_field
from sanjian.tenancy.models import CommunityOwned


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


def import_upload_to(instance: ImportBatch, filename: str) -> str:
    return f"c/{instance.community_id}/imports/{filename}"


class ImportBatch(CommunityOwned):
    """A roster upload: the file, what checking it found (``errors``: row, column, reason) and the
    normalised rows it will write (``rows``), so that confirming writes exactly what was previewed,
    re-checked against the database of that moment."""

    file = models.FileField(
        _("file"),
        upload_to=import_upload_to,
        validators=[FileExtensionValidator(["xlsx"]), validate_upload_size],
    )
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created = models.PositiveIntegerField(_("people created"), default=0)
    updated = models.PositiveIntegerField(_("people updated"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = user_field(_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress(self) -> int:
        """Percent of the rows processed in the current step."""
        return int(self.done * 100 / self.total) if self.total else 0
