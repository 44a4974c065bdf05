"""Uploaded files: size limits and access-checked downloads."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_upload_size(file: FieldFile) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if file.size and file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files of at most %(limit)s are accepted.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )


def file_download(file: FieldFile, *, download_name: str | None = None, inline: bool = False) -> FileResponse:
    """Stream a stored file to a user whose access the calling view has already checked;
    ``inline`` shows it in the page (a photo) instead of saving it."""
    if not file or not file.storage.exists(file.name):
        raise Http404
    name = download_name or Path(file.name).name
    if download_name and not Path(download_name).suffix:
        name += Path(file.name).suffix
    return FileResponse(file.open("rb"), as_attachment=not inline, filename=name)
