"""API fuzzing: schemathesis reads /api/schema/ and calls every operation it documents, as the
demo's secretary (a token, as API clients log in), with a few generated examples each: no answer
may be a 5xx, and every answer must be what the schema promises (its body and its content type).

The examples are bounded and derandomised (the same examples on every run) so it fits the suite.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sanjian.testing.demo import Demo, demo  # noqa: F401

_django = get_wsgi_application()


def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Django's WSGI application, minus its closing of "old" connections after each request:
    that would close the test's own connection, inside the transaction holding the demo."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        return _django(environ, start_response)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)


@pytest.fixture(scope="module")
def secretary_token(demo: Demo) -> Iterator[str]:  # noqa: F811 (the fixture imported above)
    yield Token.objects.get_or_create(user=demo.users["secretary"])[0].key


@schema.parametrize()
@settings(max_examples=4, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_the_schema_promises_and_never_5xx(case, secretary_token, db):
    case.path_parameters = {**(case.path_parameters or {}), "community_slug": "yangyi"}
    case.call_and_validate(
        headers={"Authorization": f"Token {secretary_token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
