"""The Content-Security-Policy holds: scripts come only from the app's own files."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "sanjian").glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_holds_inline_script_or_event_handlers():
    """The policy forbids them, so they would silently do nothing in a browser: pages get their
    behaviours from ``web/static/web/sanjian.js`` (``data-confirm``, ``data-autosubmit``)."""
    assert TEMPLATES
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0).strip()}"
        for path in TEMPLATES
        for pattern in (INLINE_SCRIPT, HANDLER)
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_every_page_sends_the_policy(world):
    response = world.client("secretary").get(world.url(""))
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy


def test_the_interface_docs_page_loads_its_script_from_a_file(client, world):
    client.force_login(world.secretary)
    page = client.get("/api/docs/").content.decode()
    assert INLINE_SCRIPT.search(page) is None
