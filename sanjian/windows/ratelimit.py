"""Abuse control for ratings without accounts: one rating per device per window per hour.

Two checks, both needed because each alone is easy to get round:

* the device: a signed cookie lists the windows this browser rated in the last hour (clearing
  it is possible, forging it is not). It travels with the browser, so every worker sees it;
* the address: a counter per client IP and window (``lib.limits``), at most
  ``WINDOWS_RATINGS_PER_IP_PER_HOUR`` (default 10) an hour. It is not 1 because a canteen's
  Wi-Fi or a mobile carrier puts many phones behind one address; set it to 1 where every
  device has its own address.

The counter is shared by every worker and survives restarts: in the database by default (on
the QR page counted in the rating's own transaction or statement, see
``rollups.rating_insert``), in Redis with ``REDIS_URL``. Ratings through the interface name the
resident's device; ``device_allows`` keeps one per device, window and hour the same way.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sanjian.lib import limits
from sanjian.lib.http import client_ip

COOKIE = "sj_rated"
COOKIE_SALT = "sanjian.windows.rated"
HOUR = 3600


def _rated(request: HttpRequest) -> dict[int, int]:
    """Window id → when this device rated it, for the last hour."""
    raw = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT, max_age=HOUR)
    now, rated = int(time.time()), {}
    for part in raw.split(","):
        window, _sep, when = part.partition(":")
        if window.isdigit() and when.isdigit() and now - int(when) < HOUR:
            rated[int(window)] = int(when)
    return rated


def device_wait(request: HttpRequest, window_id: int) -> int:
    """Minutes before this device may rate the window again; 0 when it may now."""
    when = _rated(request).get(window_id)
    if when is None:
        return 0
    return max(1, (HOUR - (int(time.time()) - when) + 59) // 60)


def address_limit(request: HttpRequest, window_id: int) -> limits.Limit:
    """The hourly limit of ratings of one window from the client's address."""
    limit = settings.WINDOWS_RATINGS_PER_IP_PER_HOUR
    return limits.Limit(f"windows:rated:{window_id}:{client_ip(request)}", limit, HOUR)


def address_allows(request: HttpRequest, window_id: int) -> bool:
    """Count one rating for the client's address and window; False when over the hourly limit."""
    return limits.allows(address_limit(request, window_id))


def device_allows(window_id: int, device: str) -> bool:
    """For ratings through the interface, where the integrating app names the resident's device:
    True the first time in an hour for this device and window, in every worker."""
    digest = hashlib.sha256(device.encode()).hexdigest()[:32]
    return limits.allows(limits.Limit(f"windows:device:{window_id}:{digest}", 1, HOUR))


def remember(request: HttpRequest, response: HttpResponse, window_id: int) -> None:
    """Mark the device as having rated ``window_id`` now."""
    rated = _rated(request)
    rated[window_id] = int(time.time())
    value = ",".join(f"{w}:{t}" for w, t in sorted(rated.items()))
    response.set_signed_cookie(
        COOKIE,
        value,
        salt=COOKIE_SALT,
        max_age=HOUR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
