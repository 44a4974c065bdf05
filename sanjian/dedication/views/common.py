"""Small helpers the dedication pages share."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.urls import NoReverseMatch, reverse


def url(request: HttpRequest, name: str, *args: object) -> str:
    return reverse(f"dedication:{name}", args=[request.community.slug, *args])


def url_or_none(request: HttpRequest, name: str) -> str | None:
    """A page another part of the work may not have added yet: no link rather than an error."""
    try:
        return url(request, name)
    except NoReverseMatch:
        return None


def int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def inline_image(file: FieldFile) -> FileResponse:
    """A stored photo shown in the page (the view has checked access; uploads are images only)."""
    if not file or not file.storage.exists(file.name):
        raise Http404
    content_type = mimetypes.guess_type(Path(file.name).name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    return FileResponse(file.open("rb"), content_type=content_type)
