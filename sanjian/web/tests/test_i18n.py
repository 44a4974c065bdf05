"""Chinese first, English second: every string a user sees goes through the catalogues."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from sanjian.testing.i18n import (
    CATALOGUES,
    CJK,
    ROOT,
    data_strings,
    english_msgids,
    our_entries,
    visible_text,
)


def test_every_app_with_strings_has_a_chinese_catalogue():
    apps_with_catalogues = {p.parts[-5] for p in CATALOGUES}
    assert {"web", "tenancy", "org", "reports", "lib"} <= apps_with_catalogues


def test_every_message_is_translated_into_chinese():
    missing = [
        f"{path.parts[-5]}: {e.msgid!r}"
        for path, e in our_entries()
        if "fuzzy" in e.flags or not (e.msgstr or all(e.msgstr_plural.values()) and e.msgstr_plural)
    ]
    assert missing == []


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for _path, entry in our_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(translated)), (
            entry.msgid
        )


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="GNU gettext (xgettext) is needed to re-extract the messages",
)
def test_the_catalogues_hold_every_message_of_the_source(tmp_path):
    """Re-extract each app's messages and compare: a new string without a catalogue entry fails."""
    for catalogue in CATALOGUES:
        app_dir = catalogue.parents[3]
        copy = tmp_path / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-obsolete",
                "-v",
                "0",
            ],
            cwd=copy,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
        kept = {e.msgid for e in polib.pofile(str(catalogue)) if not e.obsolete}
        assert fresh - kept == set(), f"{app_dir.name}: run `make makemessages` and translate"
        assert kept - fresh == set(), f"{app_dir.name}: stale entries, run `make makemessages`"


# Files where Chinese is data, not interface: demo records, formats, tests, migrations, catalogues.
# Data, not interface: the demo and the group generator write records as their people would.
CJK_ALLOWED = ("/tests/", "/testing/", "/migrations/", "/demo.py", "/web/group.py", "/formats/", "/locale/")


def _python_strings_with_chinese(path: Path) -> list[tuple[int, str]]:
    """String literals (not docstrings, not comments) that hold Chinese."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CJK.search(node.value)
    ]


def test_no_chinese_is_written_into_templates_or_code():
    """Chinese lives in the catalogues; a literal in a template or view would not switch to English."""
    offenders = []
    for path in (ROOT / "sanjian").rglob("*"):
        if path.suffix not in (".py", ".html", ".js", ".txt") or any(a in str(path) for a in CJK_ALLOWED):
            continue
        if path.suffix == ".py":
            found = _python_strings_with_chinese(path)
        else:
            found = [
                (n, line)
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if CJK.search(re.sub(r"\{#.*?#\}", "", line))
            ]
        offenders += [f"{path.relative_to(ROOT)}:{n}: {text.strip()[:80]}" for n, text in found]
    assert offenders == []


MAIN_PAGES = [
    "",
    "org/",
    "org/windows/",
    "org/documents/",
    "org/standards/",
    "org/standards/items/",
    "org/units/new/",
    "p/assessment/",
    "p/excellence/",
    "p/service/",
    "p/organisation/",
    "p/reports/",
]


@pytest.fixture
def pages(world):
    world_pages = MAIN_PAGES + [f"org/units/{world.units['window'].pk}/"]
    return [world.url(p) for p in world_pages]


def test_the_main_pages_in_chinese_show_no_english_message(world, pages):
    client = world.client("secretary")
    msgids = english_msgids()
    data = data_strings() + ["company_admin", "secretary"]
    for url in [*pages, "/", "/company/test-group/"]:
        # The committee has a choice of communities on "/"; a single-community user is redirected.
        who = world.client("company_admin") if url in ("/", "/company/test-group/") else client
        html = who.get(url).content.decode()
        assert '<html lang="zh-hans">' in html, url
        text = visible_text(html)
        for value in data:
            text = text.replace(value, "")
        leaked = sorted(m for m in msgids if m in text)
        assert leaked == [], url


def test_a_form_with_errors_speaks_chinese(world):
    html = world.client("secretary").post(world.url("org/units/new/"), {"kind": "x"}).content.decode()
    text = visible_text(html)
    assert "尚未保存任何内容" in text
    assert not re.search(r"This field|Select a valid", text)


def test_the_main_pages_in_english_show_no_chinese_but_the_records(world, pages):
    client = world.client("secretary")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = data_strings()
    for url in pages:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        text = visible_text(html)
        for value in data:
            text = text.replace(value, "")
        text = text.replace("简体中文", "")  # the switch back names its language in that language
        assert not CJK.search(text), f"{url}: {CJK.findall(text)[:10]} in {text[:300]}"


def test_the_browser_language_does_not_switch_to_english(world):
    html = world.client("secretary").get(world.url("org/"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "组织架构" in html


def test_the_language_switch_is_remembered(world):
    client = world.client("secretary")
    response = client.post("/i18n/setlang/", {"language": "en", "next": world.url("org/")})
    assert response.status_code == 302
    assert "Organisation tree" in client.get(world.url("org/")).content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "组织架构" in client.get(world.url("org/")).content.decode()


def test_money_and_shares_are_written_the_chinese_way():
    from decimal import Decimal

    from django.utils import translation

    from sanjian.lib.formats import percent
    from sanjian.lib.formats import yuan_text as yuan

    with translation.override("zh-hans"):
        assert yuan(Decimal("52345.6")) == "¥52,345.60"
        assert yuan(Decimal("-0.5")) == "-¥0.50"  # the sign before the currency (issue 11, item 15)
        assert yuan(Decimal("-14.635")) == "-¥14.64"
        assert yuan(Decimal("-0.001")) == "¥0.00"
        assert percent(0.8333) == "83.3%"
        assert percent(None) == "—"


def test_no_two_catalogues_translate_the_same_message_differently():
    """The first app in INSTALLED_APPS wins a shared msgid: a different msgstr elsewhere is lost."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    conflicts = []
    for path, entry in our_entries():
        key = (entry.msgctxt or "", entry.msgid)
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        app = path.parts[-5]
        if key in seen and seen[key][1] != translated:
            conflicts.append(f"{entry.msgid!r}: {seen[key][0]}={seen[key][1]!r}, {app}={translated!r}")
        seen.setdefault(key, (app, translated))
    assert conflicts == []
