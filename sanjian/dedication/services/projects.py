"""Projects, their photos and their benefit entries."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.dedication.models import BenefitEntry, Project, ProjectPhoto
from sanjian.lib.records import Actor, record_save
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community


@transaction.atomic
def project_save(
    *, community: Community, project: Project, branches: Iterable[Unit] | None = None, actor: Actor
) -> Project:
    project.community = community
    record_save(project, actor=actor)
    if branches is not None:
        branches = list(branches)
        if any(b.community_id != community.pk or b.kind != UnitKind.BRANCH for b in branches):
            raise ValidationError({"branches": _("Choose party branches of this community.")})
        project._history_user = actor
        project.branches.set(branches)
    return project


@transaction.atomic
def photo_add(*, project: Project, upload: UploadedFile, caption: str, actor: Actor) -> ProjectPhoto:
    photo = ProjectPhoto(community_id=project.community_id, project=project, image=upload, caption=caption)
    return record_save(photo, actor=actor)


@transaction.atomic
def benefit_save(*, community: Community, entry: BenefitEntry, actor: Actor) -> BenefitEntry:
    entry.community = community
    if entry.project_id and entry.project.community_id != community.pk:
        raise ValidationError({"project": _("This record belongs to another community.")})
    if not entry.pk:
        entry.recorded_by = actor
    return record_save(entry, actor=actor)
