"""API plumbing every app's endpoints share: Django's validation errors as DRF's, the schema."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django_scopes import scopes_disabled
from drf_spectacular import generators
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework.exceptions import ValidationError


def drf_error(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError (in the user's language) as the API's 400 answer, with its
    per-field messages kept per field."""
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


@contextmanager
def service_errors() -> Iterator[None]:
    """Run a service inside an API view: its ValidationError becomes a 400 with the same messages."""
    try:
        yield
    except DjangoValidationError as exc:
        raise drf_error(exc) from exc


#: The public schemas built in this process, by URL conf, version and language: a schema does
#: not change while the process lives, and building one takes seconds (every serializer of
#: every app inspected), so ``/api/schema/`` answers from here after the first call.
_SCHEMAS: dict[tuple[Any, ...], Any] = {}


class SchemaGenerator(generators.SchemaGenerator):
    """Builds the OpenAPI schema with scopes disabled: building it instantiates serializers and
    views whose related fields filter querysets eagerly, though it reads no rows. A public schema
    (every operation, whoever asks) is built once per process and language; each caller gets
    its own copy."""

    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        if not public or self.patterns is not None:
            return self._build(request, public)
        version = self.api_version or getattr(request, "version", None)
        key = (self.urlconf or settings.ROOT_URLCONF, version, get_language())
        if key not in _SCHEMAS:
            _SCHEMAS[key] = self._build(request, public)
        return copy.deepcopy(_SCHEMAS[key])

    def _build(self, request: Any, public: bool) -> Any:
        with scopes_disabled():
            return super().get_schema(request=request, public=public)


#: hours and minutes, seconds and their fraction if any: what DRF's TimeField writes and reads
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


class LocalTimeField(OpenApiSerializerFieldExtension):
    """A time of day (a cleaning shift's 06:00) is local wall-clock time: DRF writes it as
    ``06:00:00``, without an offset. OpenAPI's ``format: time`` is RFC 3339's full-time, which
    requires one, so generated clients and validators rejected every answer: document what is sent."""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "pattern": TIME_OF_DAY, "example": "06:00:00"}
