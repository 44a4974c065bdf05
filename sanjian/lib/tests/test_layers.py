"""The apps stand in layers and every import runs down them: an app uses only the apps below it.

Data flows one way (records → scores and rollups → boards and reports), and the shared
registries (``lib.registries``) sit at the bottom so that plugging in never needs an import
upwards. The apps of one layer are peers and do not import one another: ``assessment`` reads the
other domain apps only through the indicator sources they register.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from sanjian.lib import registries

ROOT = Path(settings.BASE_DIR) / "sanjian"

#: Bottom first. A module may import its own app and the apps of lower layers only.
LAYERS: list[set[str]] = [
    {"lib"},
    {"tenancy"},
    {"org"},
    {"members"},
    {"windows", "assessment", "dedication", "service", "health"},
    {"reports"},
    {"web"},
]
LAYER_OF = {app: number for number, layer in enumerate(LAYERS) for app in layer}
#: Project modules above every app: settings, the URL configuration, the test helpers.
TOP = {"settings", "urls", "wsgi", "env", "testing", "__init__"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every ``sanjian.*`` module a file imports, also inside functions (lazy imports count)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.startswith("sanjian.")]


def _app_of(module: str) -> str:
    return module.split(".")[1]


def upward_imports() -> list[str]:
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        app = relative.parts[0].removesuffix(".py")
        if app in TOP:
            continue
        for line, module in _imports(path):
            target = _app_of(module)
            if target == app or target in TOP and target != "testing":
                continue
            if target not in LAYER_OF or LAYER_OF[target] >= LAYER_OF[app]:
                wrong.append(f"sanjian/{relative}:{line} imports {module}")
    return wrong


def test_every_app_has_a_layer():
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("sanjian.")}
    assert ours <= set(LAYER_OF), f"give these apps a layer: {sorted(ours - set(LAYER_OF))}"


def test_no_module_imports_an_app_above_it_or_beside_it():
    assert upward_imports() == []


def test_the_walk_sees_an_upward_import(tmp_path, monkeypatch):
    """The check itself: a module of org that imports reports is reported."""
    app = tmp_path / "org"
    app.mkdir()
    (app / "bad.py").write_text("def f():\n    from sanjian.reports import views\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == ["sanjian/org/bad.py:2 imports sanjian.reports"]


def test_every_app_plugs_in_through_its_plugins_module_only():
    """Registering happens in ``<app>/plugins.py``; any other module that registers is a second
    place a reader would have to know about."""
    names = {f"{name}.register" for name in registries.ALL} | {
        f"r.{name}.register" for name in registries.ALL
    }
    stray = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if (
            "tests" in relative.parts
            or relative.name == "plugins.py"
            or relative == Path("lib/registries.py")
        ):
            continue
        text = path.read_text()
        stray += [f"sanjian/{relative}: {name}" for name in sorted(names) if f"{name}(" in text]
    assert stray == []


def test_every_app_config_runs_its_plugins():
    configs = [c for c in apps.get_app_configs() if c.name.startswith("sanjian.") and c.label != "lib"]
    assert configs
    wrong = [c.label for c in configs if not isinstance(c, registries.SanjianAppConfig)]
    assert wrong == []
