"""Every route of the project, found from the URL resolver, and real URLs for them.

The structural tests (the isolation matrix, the demo route walk) must cover a new page the moment
its app's URLs are included, so they never list routes by hand: ``all_routes`` walks the resolver
(namespaced names, as ``reverse`` takes them); ``walk`` follows a user's links from a community's
home page and keeps one real URL of each route; ``fill`` finds, for the routes no link reaches, which
model each numeric path parameter names, by opening the page once with a sentinel id and reading the
SQL it ran (``WHERE <table>.id = <sentinel>``), and puts a real row of the community in its place.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django_scopes import scopes_disabled

#: the parameters the tenancy middleware resolves: every other one names a record or a choice
TENANT_PARAMS = ("community_slug", "company_slug")
#: downloads are not opened by the walk (rendering every PDF would make it slow)
DOWNLOADS = (".xlsx", ".pdf", ".docx", ".csv", ".zip", ".png", ".jpg")
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its namespaced name, its pattern as written, and its view."""

    name: str
    pattern: str
    callback: Callable[..., Any]

    @property
    def params(self) -> tuple[str, ...]:
        """The path parameters other than the community or company."""
        found = (a or b for a, b in _PARAM.findall(self.pattern))
        return tuple(p for p in found if p not in TENANT_PARAMS)

    @property
    def int_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if f"<int:{p}>" in self.pattern or f"(?P<{p}>" in self.pattern)

    @property
    def api_model(self) -> type[models.Model] | None:
        """The model an API view serves (its queryset's or its serializer's)."""
        cls = getattr(self.callback, "cls", None)
        queryset = getattr(cls, "queryset", None)
        if queryset is not None:
            return queryset.model
        return getattr(getattr(getattr(cls, "serializer_class", None), "Meta", None), "model", None)

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/v1/")

    @property
    def in_community(self) -> bool:
        return "<slug:community_slug>" in self.pattern

    @property
    def public(self) -> bool:
        return bool(getattr(self.callback, "sanjian_public", False))

    def url(self, tenant: str, **kwargs: Any) -> str:
        key = "community_slug" if self.in_community else "company_slug"
        if self.in_community or "<slug:company_slug>" in self.pattern:
            kwargs[key] = tenant
        return reverse(self.name, kwargs=kwargs)


def _walk_resolver(patterns: Iterable[Any], prefix: str = "", namespace: str = "") -> Iterable[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk_resolver(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield Route(namespace + p.name, prefix + str(p.pattern), p.callback)


def all_routes(*, admin: bool = False) -> list[Route]:
    """Every named route, once: DRF's ``.json`` twins answer like their route and are left out;
    Django's admin (staff only, and no login of the platform is staff) only when asked."""
    seen: dict[str, Route] = {}
    for route in _walk_resolver(get_resolver().url_patterns):
        if "format>" in route.pattern or (route.name.startswith("admin:") and not admin):
            continue
        seen.setdefault(route.name, route)
    return list(seen.values())


def route_of(path: str) -> str | None:
    """The namespaced name of the route ``path`` resolves to."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def walk(client: Client, base: str) -> tuple[dict[str, str], list[str]]:
    """Follow every link under ``base`` from ``base``: route name → the first URL seen of it, and
    the pages that answered 5xx. Downloads are kept as URLs but not opened."""
    link = re.compile(rf'href="({re.escape(base)}[^"#?]*)')
    seen: dict[str, str] = {}
    errors: list[str] = []
    queue = deque([base])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code >= 500:
            errors.append(f"{path} → {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in link.findall(response.content.decode()):
            if "/logout" in href:
                continue
            name = route_of(href)
            if name is None or name in seen:
                continue
            seen[name] = href
            if not href.endswith(DOWNLOADS):
                queue.append(href)
    return seen, errors


SENTINEL = 987_650_001
#: a value no row holds, for the parameters that are strings (tokens, keys)
TEXT_SENTINEL = "zzsentinel"


def _field_of(table: str, column: str) -> tuple[type[models.Model], models.Field] | None:
    """The model and field a ``table.column`` condition reads; a foreign key's ``<fk>_id`` is read
    as the key of the model it points to."""
    for model in apps.get_models():
        if model._meta.db_table != table or model.__name__.startswith("Historical"):
            continue
        for f in model._meta.concrete_fields:
            if f.column == column:
                if f.is_relation:
                    return f.related_model, f.related_model._meta.pk
                return model, f
    return None


def field_read_for(
    client: Client, url: str, sentinel: int | str
) -> tuple[type[models.Model], models.Field] | None:
    """Open ``url`` once (GET, then POST for an action that has no GET) and return the model and
    field the view looked up ``sentinel`` by. A POST with an id no row holds writes nothing."""
    literal = re.escape(f"'{sentinel}'" if isinstance(sentinel, str) else str(sentinel))
    condition = re.compile(rf'"?(\w+)"?\."?(\w+)"? (?:= |IN \(){literal}(?!\d)')
    for method in (client.get, client.post):
        with CaptureQueriesContext(connection) as queries:
            method(url)
        for query in queries.captured_queries:
            for table, column in condition.findall(query["sql"]):
                found = _field_of(table, column)
                if found is not None:
                    return found
    return None


def _file_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def value_of(
    model: type[models.Model], column: models.Field, community: Any, known: dict[type[models.Model], Any]
) -> Any:
    """A value of ``column`` on a row of ``model`` in ``community`` (through its community field,
    or a foreign key's), of the rows already chosen for the other parameters when it points to
    them; a row with a file when the model keeps files (a download route)."""
    with scopes_disabled():
        rows = model._base_manager.all()
        names = {f.name: f for f in model._meta.concrete_fields}
        if model in known:
            rows = rows.filter(pk=known[model])
        if "community" in names:
            rows = rows.filter(community=community)
        for f in names.values():
            if f.is_relation and f.related_model in known:
                rows = rows.filter(**{f.name: known[f.related_model]})
        if "community" not in names:
            for f in names.values():
                target = f.related_model
                if f.is_relation and target is not None and hasattr(target, "community_id"):
                    rows = rows.filter(**{f"{f.name}__community": community})
                    break
        rows = rows.exclude(**{column.name: ""}) if isinstance(column, models.CharField) else rows
        for name in _file_fields(model):
            with_file = rows.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
            if with_file.exists():
                rows = with_file
                break
        row = rows.order_by("pk").first()
        return (row.pk, getattr(row, column.attname)) if row is not None else (None, None)


@dataclass
class Filled:
    """A route made concrete: its URL, and the model each parameter names."""

    url: str | None
    models: dict[str, type[models.Model] | None]
    reason: str = ""


def fill(
    route: Route,
    tenant: str,
    community: Any,
    clients: Iterable[Client],
    choices: dict[str, Any],
) -> Filled:
    """Make ``route`` concrete with real rows of ``community``: each parameter in turn is given a
    sentinel, the page is opened by each client until one looks a row up by it, and the sentinel is
    replaced by that row's value. ``choices`` gives the parameters no row holds (formats, kinds; by ``<route name>.<param>``
    or by parameter), or a
    function of the community for the rows a view looks up by more than their id. A parameter no
    view reads from the database (a key compared in Python) is taken from the field of the same
    name on a row already chosen; an API action answers no one before its permission check, so its
    ``pk`` is a row of the model its view serves."""
    kwargs: dict[str, Any] = {}
    found: dict[str, type[models.Model] | None] = {}
    known: dict[type[models.Model], Any] = {}
    clients = list(clients)

    def sentinel(param: str, j: int) -> int | str:
        return SENTINEL + j if param in route.int_params else f"{TEXT_SENTINEL}{j}"

    for i, param in enumerate(route.params):
        key = next((k for k in (f"{route.name}.{param}", param) if k in choices), None)
        if key is not None:
            choice = choices[key]
            value = choice(community) if callable(choice) else choice
            if isinstance(value, models.Model):
                known[type(value)] = value.pk
                value = value.pk
            kwargs[param] = value
            continue
        trial = {**kwargs, **{p: sentinel(p, j) for j, p in enumerate(route.params[i:]) if p not in kwargs}}
        try:
            url = route.url(tenant, **trial)
        except NoReverseMatch as error:
            return Filled(None, found, str(error))
        read = next((r for c in clients if (r := field_read_for(c, url, trial[param])) is not None), None)
        if read is None and param == "pk" and route.api_model is not None:
            read = (route.api_model, route.api_model._meta.pk)
        if read is None:
            named = [(m, f) for m in known for f in m._meta.concrete_fields if f.name.endswith(param)]
            read = named[0] if named else None
        found[param] = read[0] if read else None
        pk, value = value_of(read[0], read[1], community, known) if read else (None, None)
        if value is None:
            return Filled(None, found, f"no row for {param} ({found[param]}): add a value to the choices")
        known[read[0]] = pk
        kwargs[param] = value
    return Filled(route.url(tenant, **kwargs), found)
