"""The OpenAPI schema is built once per process and language: building it inspects every
serializer of every app and takes seconds, and it does not change while the process lives."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from drf_spectacular import generators

from sanjian.lib import api


def test_the_schema_is_built_once_per_language_and_each_caller_gets_its_own_copy(client, db):
    api._SCHEMAS.clear()
    build = mock.patch.object(
        generators.SchemaGenerator,
        "get_schema",
        autospec=True,
        side_effect=generators.SchemaGenerator.get_schema,
    )
    with build as built:
        first = client.get("/api/schema/?format=json")
        second = client.get("/api/schema/?format=json")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/api/schema/?format=json")
        again = client.get("/api/schema/?format=json")
    assert first.status_code == second.status_code == english.status_code == 200
    assert first.content == second.content and english.content == again.content
    assert first.content != english.content
    assert built.call_count == 2
    mine = api.SchemaGenerator().get_schema(request=None, public=True)
    mine["paths"].clear()
    assert api.SchemaGenerator().get_schema(request=None, public=True)["paths"]


def test_a_schema_of_what_a_user_may_call_is_built_each_time():
    api._SCHEMAS.clear()
    with mock.patch.object(generators.SchemaGenerator, "get_schema", return_value={"paths": {}}) as built:
        api.SchemaGenerator().get_schema(request=None, public=False)
        api.SchemaGenerator().get_schema(request=None, public=False)
    assert built.call_count == 2 and not api._SCHEMAS
