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

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sanjian.lib import limits
from sanjian.lib.ratings import DeviceLimit

COOKIE = "sj_rated"
COOKIE_SALT = "sanjian.windows.rated"

#: The limits themselves are ``lib.ratings.DeviceLimit``, shared with the weekly dish's ratings.
RATED = DeviceLimit(
    "windows", COOKIE, COOKIE_SALT, per_address=lambda: settings.WINDOWS_RATINGS_PER_IP_PER_HOUR
)


def device_wait(request: HttpRequest, window_id: int) -> int:
    """Minutes before this device may rate the window again; 0 when it may now."""
    return RATED.device_wait(request, window_id)


def address_limit(request: HttpRequest, window_id: int) -> limits.Limit:
    """The hourly limit of ratings of one window from the client's address."""
    return RATED.address_limit(request, window_id)


def address_allows(request: HttpRequest, window_id: int) -> bool:
    """Count one rating for the client's address and window; False when over the hourly limit."""
    return RATED.address_allows(request, window_id)


def device_allows(window_id: int, device: str) -> bool:
    """For ratings through the interface, where the integrating app names the resident's device:
    True the first time in an hour for this device and window, in every worker."""
    return RATED.device_allows(window_id, device)


def remember(request: HttpRequest, response: HttpResponse, window_id: int) -> None:
    """Mark the device as having rated ``window_id`` now."""
    RATED.remember(request, response, window_id)
