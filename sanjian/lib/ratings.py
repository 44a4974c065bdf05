"""Ratings without an account (a QR code on a poster): the signed link, the abuse limits and the
check of the stars, shared by every app that asks residents to rate (windows, the weekly dish).

**The link.** A token is ``<part>.<part>…:<signature>`` (Django's ``Signer``, keyed by
SECRET_KEY and a salt per kind of link): nobody makes one without the secret. The parts are
integers the app chooses (community, record, version, day issued); the app checks what they mean.

**The limits** (``DeviceLimit``): one rating per device per record per hour, and at most
``per_address`` an hour from one client address. Both are needed because each alone is easy to
get round: the device is a signed cookie listing what this browser rated in the last hour
(clearing it is possible, forging it is not; it travels with the browser, so every worker sees
it); the address is a counter of ``lib.limits`` (shared by every worker, in the database or in
Redis). The address limit is not 1 because a canteen's Wi-Fi or a mobile carrier puts many
phones behind one address. Ratings through the interface name the resident's device:
``device_allows`` keeps one per device, record and hour the same way.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sanjian.lib import limits
from sanjian.lib.http import client_ip

HOUR = 3600
#: The stars a rating may give.
LEVELS = range(1, 6)


class TokenError(Exception):
    """The link cannot be used; ``revoked`` tells a genuine but outdated link from a forged one."""

    def __init__(self, *, revoked: bool = False) -> None:
        super().__init__("revoked" if revoked else "invalid")
        self.revoked = revoked


def sign(salt: str, *parts: int) -> str:
    return signing.Signer(salt=salt).sign(".".join(str(int(p)) for p in parts))


def unsign(salt: str, token: str, *, size: int) -> tuple[int, ...]:
    """The ``size`` integers ``token`` was signed with, or ``TokenError`` for a forged or
    malformed one."""
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as exc:
        raise TokenError from exc
    parts = value.split(".")
    if len(parts) != size or not all(p.isdigit() for p in parts):
        raise TokenError
    return tuple(int(p) for p in parts)


@dataclass(frozen=True)
class DeviceLimit:
    """The device and address limits of one kind of rating (``name``: "windows", "dish")."""

    name: str
    cookie: str
    salt: str
    per_address: Callable[[], int]

    def _rated(self, request: HttpRequest) -> dict[int, int]:
        """Record id → when this device rated it, for the last hour."""
        raw = request.get_signed_cookie(self.cookie, default="", salt=self.salt, max_age=HOUR)
        now, rated = int(time.time()), {}
        for part in raw.split(","):
            target, _sep, when = part.partition(":")
            if target.isdigit() and when.isdigit() and now - int(when) < HOUR:
                rated[int(target)] = int(when)
        return rated

    def device_wait(self, request: HttpRequest, target: int) -> int:
        """Minutes before this device may rate ``target`` again; 0 when it may now."""
        when = self._rated(request).get(target)
        if when is None:
            return 0
        return max(1, (HOUR - (int(time.time()) - when) + 59) // 60)

    def address_limit(self, request: HttpRequest, target: int) -> limits.Limit:
        return limits.Limit(f"{self.name}:rated:{target}:{client_ip(request)}", self.per_address(), HOUR)

    def address_allows(self, request: HttpRequest, target: int) -> bool:
        """Count one rating for the client's address; False when over the hourly limit."""
        return limits.allows(self.address_limit(request, target))

    def device_allows(self, target: int, device: str) -> bool:
        """True the first time in an hour for this (interface-named) device and record."""
        digest = hashlib.sha256(device.encode()).hexdigest()[:32]
        return limits.allows(limits.Limit(f"{self.name}:device:{target}:{digest}", 1, HOUR))

    def remember(self, request: HttpRequest, response: HttpResponse, target: int) -> None:
        """Mark the device as having rated ``target`` now."""
        rated = self._rated(request)
        rated[target] = int(time.time())
        value = ",".join(f"{t}:{w}" for t, w in sorted(rated.items()))
        response.set_signed_cookie(
            self.cookie,
            value,
            salt=self.salt,
            max_age=HOUR,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def clean_level(value: Any) -> int:
    """The stars given, 1 to 5, or a ValidationError on ``level``."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in LEVELS:
        raise ValidationError({"level": _("Choose one of the five levels.")})
    return level


def clean_comment(value: str | None, *, limit: int = 500) -> str:
    comment = (value or "").strip()
    if len(comment) > limit:
        raise ValidationError(
            {"comment": _("Please keep the comment under %(n)d characters.") % {"n": limit}}
        )
    return comment
