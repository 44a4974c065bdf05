"""``docs/adding-an-app.md`` stays true: the registries it lists are the registries that exist, and
every file and dotted name it cites is there."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

from django.conf import settings

from sanjian.lib import registries

ROOT = Path(settings.BASE_DIR)
RECIPE = (ROOT / "docs" / "adding-an-app.md").read_text()


def test_the_recipe_lists_exactly_the_registries_that_exist():
    listed = set(re.findall(r"`registries\.([a-z_]+)`", RECIPE))
    assert listed == set(registries.ALL)


def test_every_registry_is_in_the_registry_index():
    found = {name for name, value in vars(registries).items() if isinstance(value, registries.Registry)}
    assert found == set(registries.ALL)


def test_every_file_the_recipe_names_exists():
    paths = set(re.findall(r"`(sanjian/[\w/.]+\.(?:py|md))`", RECIPE))
    assert paths, "the recipe names no file"
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_every_dotted_name_the_recipe_cites_exists():
    """``lib.views.form_page``, ``tenancy.services.rows_move``…: each resolves to a module attribute."""
    names = set(
        re.findall(
            r"`((?:lib|tenancy|org|members|windows|assessment|dedication|reports|web)\.[\w.]+)", RECIPE
        )
    )
    missing = []
    for name in sorted(names):
        parts = name.split(".")
        for split in range(len(parts), 0, -1):
            try:
                target = import_module("sanjian." + ".".join(parts[:split]))
            except ModuleNotFoundError:
                continue
            try:
                for attr in parts[split:]:
                    target = getattr(target, attr)
            except AttributeError:
                missing.append(name)
            break
        else:
            missing.append(name)
    assert missing == []
