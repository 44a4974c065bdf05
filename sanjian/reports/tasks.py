"""Background tasks (huey): making documents outside the request."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled
from huey.contrib.djhuey import db_task

from sanjian.reports import downloads
from sanjian.reports.models import Download


@db_task()
def make_download(download_id: int) -> None:
    with scopes_disabled():
        download = Download.objects.select_related("community").filter(pk=download_id).first()
    if download is None:
        return
    with scope(community=download.community_id):
        downloads.download_make(download)
