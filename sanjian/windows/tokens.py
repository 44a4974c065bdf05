"""Signed links for the public pages: a window's QR code and the community's TV board.

A window token is ``<community>.<window>.<version>.<day issued>:<signature>`` (Django's
``Signer``, keyed by SECRET_KEY and a salt of its own). Nobody can make one for a window without
the secret, and the token names its community, so it works only under that community's
address. Revoking a leaked poster raises the window's ``qr_version``: every token of an older
version is refused from then on, and the new posters carry the new version. Tokens also expire
``WINDOWS_QR_MAX_AGE_DAYS`` (default three years) after the day they were issued, so a forgotten
poster does not collect ratings for ever. The day, not the second, is signed: posters printed
the same day carry the same code.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import DEFERRED
from django.db.models.functions import Coalesce
from django.utils import timezone

from sanjian.lib import memo
from sanjian.lib.ratings import TokenError, sign, unsign
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community

WINDOW_SALT = "sanjian.windows.rating-link"
BOARD_SALT = "sanjian.windows.board-link"


__all__ = ["TokenError", "board_token", "board_token_valid", "window_from_token", "window_token"]


def _max_age() -> int:
    return settings.WINDOWS_QR_MAX_AGE_DAYS


def window_token(window: Unit, *, issued: datetime.date | None = None) -> str:
    """The token printed in ``window``'s QR code (its current version), issued today."""
    day = (issued or timezone.localdate()).toordinal()
    return sign(WINDOW_SALT, window.community_id, window.pk, _qr_version(window), day)


def window_from_token(token: str, *, community: Community) -> Unit:
    """The active window ``token`` names in ``community``, its name and network loaded.

    Raises ``TokenError`` for a forged, foreign or unknown link, and ``TokenError(revoked=True)``
    for an expired link or one whose poster has been replaced.
    """
    community_id, window_id, version, issued = unsign(WINDOW_SALT, token, size=4)
    if community_id != community.pk:
        raise TokenError
    if timezone.localdate().toordinal() - issued > _max_age():
        raise TokenError(revoked=True)
    row = _window_row(window_id)
    if row is None or row[0] != community.pk:
        raise TokenError
    if version != row[-1]:
        raise TokenError(revoked=True)
    known = dict(zip(WINDOW_FIELDS, [window_id, UnitKind.WINDOW, True, *row[:-1]], strict=True))
    values = [known.get(f.attname, DEFERRED) for f in Unit._meta.concrete_fields]  # the rest loads if read
    return Unit.from_db("default", WINDOW_FIELDS, values)


# What the rating path needs of a window, kept in this process's memo (``lib.memo``): the
# hottest page then reads no window at all. Every process drops it when a unit or a window
# profile changes (a replaced QR code, a window made inactive), from the next request on.
WINDOW_FIELDS = ["id", "kind", "is_active", "community_id", "name", "parent_id", "sort_order"]


def _window_row(window_id: int) -> tuple | None:
    return memo.remember(("windows.window", window_id), lambda: _load_window_row(window_id))


def _load_window_row(window_id: int) -> tuple | None:
    active = Unit.objects.filter(pk=window_id, kind=UnitKind.WINDOW, is_active=True).order_by()
    found = active.values_list(*WINDOW_FIELDS[3:], Coalesce("window_profile__qr_version", 1))[:1]
    return tuple(found[0]) if found else None


def forget_window(window_id: int) -> None:
    """Drop the kept window rows (all of them: changes are rare, and this one is certain)."""
    memo.forget_all()


def _qr_version(window: Unit) -> int:
    try:
        return window.window_profile.qr_version
    except Unit.window_profile.RelatedObjectDoesNotExist:
        return 1


def board_token(community: Community, version: int) -> str:
    return sign(BOARD_SALT, community.pk, version)


def board_token_valid(token: str, *, community: Community, version: int) -> bool:
    try:
        return unsign(BOARD_SALT, token, size=2) == (community.pk, version)
    except TokenError:
        return False
