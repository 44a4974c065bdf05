"""Reads of boards, dashboards and exports from a PostgreSQL read replica, everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and ``ReplicaRouter``.
The router answers the primary (``default``) for every write and every read, except while a
view marked ``@replica_reads`` runs a GET or HEAD: then its reads go to the replica. Those views
only read, they are the heavy ones (a company's dashboard, the TV board polled every minute,
Excel exports), and a second or two of lag does not matter to them.

A read must see the writes it follows, so the primary answers in three cases even inside such a
view:

* the view has written in this request (any statement but a SELECT sent to the primary
  switches the rest of the request back);
* a transaction is open on the primary (``atomic``: its reads belong with its writes);
* the same browser sent a write in the last ``REPLICA_PIN_SECONDS`` (``ReplicaPinMiddleware``
  sets a short cookie on every POST/PUT/PATCH/DELETE response, so a secretary who just
  submitted something and opens the dashboard sees it at once).

Sessions, users and log-in lockouts are always read on the primary: access decisions do not lag.
Without ``DATABASE_REPLICA_URL`` nothing of this is installed (no router, the middleware is
not used, the decorator changes nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "sanjian_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Access decisions read fresh rows: a revoked session or a lockout must not lag behind.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "admin"})

_replica_allowed: ContextVar[bool] = ContextVar("sanjian_replica_allowed", default=False)


def replica_configured() -> bool:
    return bool(settings.DATABASE_REPLICA_URL)


class ReplicaRouter:
    """Django database router: the replica for reads inside ``replica_reads``, else the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        if (
            _replica_allowed.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not _in_transaction()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        # Never None: Django would fall back to the instance's own database, and an instance
        # read from the replica must be saved to the primary. (Django also asks this when a
        # foreign key is merely assigned, so it is no sign of a write: ``_note_write`` is.)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # the replica follows the primary's WAL, schema included


def _in_transaction() -> bool:
    """An ``atomic`` block of the app's own is open on the primary (a test case's is not one:
    Django marks those, as it does for ``durable``)."""
    primary = connections[DEFAULT_DB_ALIAS]
    return (
        primary.in_atomic_block
        and bool(primary.atomic_blocks)
        and not primary.atomic_blocks[-1]._from_testcase
    )


def _note_write(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
    """Read-after-write: once the view sends the primary anything but a SELECT (an insert, an
    update, a raw statement), the rest of its reads go to the primary."""
    if not sql.lstrip()[:6].upper().startswith("SELECT"):
        _replica_allowed.set(False)
    return execute(sql, params, many, context)


def replica_reads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a read-only view (board, dashboard, export) as served from the replica.

    Put it directly on the view function, under the access decorators, so that the access
    checks read the primary and the view's own reads the replica.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
            return view(request, *args, **kwargs)
        token = _replica_allowed.set(True)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_note_write):
                return view(request, *args, **kwargs)
        finally:
            _replica_allowed.reset(token)

    wrapper.sanjian_replica_reads = True
    return wrapper


class ReplicaPinMiddleware:
    """After a write request, this browser reads the primary for ``REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and request.method != "OPTIONS":
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
