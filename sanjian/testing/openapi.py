"""Checking an API answer against the OpenAPI schema the project publishes.

Generated clients trust the schema: an endpoint documented as an array that answers an object
breaks them. ``assert_matches_schema`` validates a real response body against the published
schema of its operation (``jsonschema``, which drf-spectacular already depends on).
"""

from __future__ import annotations

from typing import Any

import jsonschema
from django.test import Client


def _nullable_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` is not JSON Schema: spell it as a type that admits null."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def assert_matches_schema(client: Client, template: str, body: Any, *, method: str = "get") -> None:
    """Fail unless ``body`` is what the schema promises for a 200 of ``method`` on ``template``.

    ``template`` is the path as the schema spells it (``/api/v1/c/{community_slug}/...``).
    """
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][template][method]
    promised = operation["responses"]["200"]["content"]["application/json"]["schema"]
    document = _nullable_to_json_schema({**promised, "components": schema["components"]})
    jsonschema.validate(body, document)
