"""Saving and deleting records so that history knows who did it and bad input changes nothing."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


#: Who does a write: a user, or None for a resident without an account and for the system.
Actor = AbstractBaseUser | None

#: The length of django-simple-history's change reason column.
REASON_LENGTH = 100


def record_save(instance: M, *, actor: Actor, reason: str = "") -> M:
    """Validate and save ``instance`` with ``actor`` as the author of its history row and
    ``reason`` (why, when someone must say why: a correction, a rejection) as its change reason."""
    instance.full_clean()
    instance._history_user = actor
    if reason.strip():
        instance._change_reason = reason.strip()[:REASON_LENGTH]
    instance.save()
    return instance


def record_note(instance: M, *, actor: Actor, reason: str) -> M:
    """A history row that records an act on ``instance`` without changing it (its data exported,
    say): who, when and ``reason``. The row is saved as it is (not validated: nothing changed)."""
    instance._history_user = actor
    instance._change_reason = reason.strip()[:REASON_LENGTH]
    instance.save()
    return instance


def lock(instance: models.Model) -> None:
    """Take the row lock of ``instance`` for the rest of the transaction (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers), so that two requests writing records
    under the same parent queue instead of racing to insert the same row."""
    type(instance)._base_manager.select_for_update().filter(pk=instance.pk).exists()


def record_delete(instance: models.Model, *, actor: Actor, reason: str = "") -> None:
    """Delete ``instance`` (``actor`` and ``reason`` on its last history row, as ``record_save``),
    or explain in the user's language what still depends on it."""
    instance._history_user = actor
    if reason.strip():
        instance._change_reason = reason.strip()[:REASON_LENGTH]
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        names = sorted({str(obj._meta.verbose_name) for obj in blocking})
        raise ValidationError(
            _("It cannot be deleted while other records refer to it: %(what)s.")
            % {"what": _(", ").join(names)}
        ) from exc
