"""Helpers of the language tests: the text a person reads on a page, our English messages, and
the strings stored in the database (which a page may show in any language)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.db import models
from django_scopes import scopes_disabled

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted((ROOT / "sanjian").glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")


class _Text(HTMLParser):
    """The text a person reads: no tags, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def our_entries() -> Iterator[tuple[Path, polib.POEntry]]:
    for path in CATALOGUES:
        yield from ((path, e) for e in polib.pofile(str(path)) if not e.obsolete)


def english_msgids() -> set[str]:
    """Our English source strings that a person could recognise on a Chinese page."""
    return {
        e.msgid
        for _, e in our_entries()
        if len(e.msgid) >= 4
        and "%" not in e.msgid
        and re.search(r"[A-Za-z]{3}", e.msgid)
        and e.msgid not in {"Sanjian", "English"}
    }


def data_strings() -> list[str]:
    """Every text value stored in the database: names of units, people, documents…"""
    values: set[str] = set()
    with scopes_disabled():
        for model in apps.get_models():
            fields = [
                f.attname for f in model._meta.fields if isinstance(f, models.CharField | models.TextField)
            ]
            if fields:
                for row in model._base_manager.values_list(*fields):
                    values.update(v for v in row if v)
    return sorted(values, key=len, reverse=True)
