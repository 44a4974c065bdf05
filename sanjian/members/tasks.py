"""Background tasks (huey): checking and importing large rosters outside the request."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from huey.contrib.djhuey import db_task

from sanjian.members import importer
from sanjian.members.models import ImportBatch, ImportStatus

log = logging.getLogger(__name__)


def _batch(batch_id: int) -> ImportBatch:
    with scopes_disabled():
        return ImportBatch.objects.select_related("community").get(pk=batch_id)


@db_task()
def import_check(batch_id: int) -> None:
    batch = _batch(batch_id)
    with scope(community=batch.community_id):
        try:
            importer.batch_check(batch)
        except Exception:
            log.exception("checking roster import %s failed", batch_id)
            importer._finish(batch, ImportStatus.FAILED, message=_("The file could not be checked."))


@db_task()
def import_apply(batch_id: int, actor_id: int | None) -> None:
    batch = _batch(batch_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    with scope(community=batch.community_id):
        try:
            importer.batch_apply(batch, actor=actor)
        except Exception:
            log.exception("roster import %s failed", batch_id)
            with transaction.atomic():
                importer._finish(
                    batch, ImportStatus.FAILED, message=_("The import failed: nothing has been written.")
                )
