"""What the product ships: its declared dependencies are exactly the ones it imports, and what is not
code (resources/) is found through importlib.resources, as the frozen build and a pip install do."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata, resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ROOT / "opendata_desktop"

# Declared but not imported yet, each with the reason it is still declared. The test below fails as soon
# as one of them is imported or removed from pyproject.toml (then remove it here): the list cannot go stale.
PENDING: dict[str, str] = {}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_levels(folder: Path = PRODUCT) -> dict[str, list[str]]:
    """Top-level module name -> the product files importing it (absolute imports only)."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], []).append(str(path.relative_to(folder.parent)))
    return found


def third_party(imports: dict[str, list[str]]) -> dict[str, list[str]]:
    own = {"opendata_desktop", "__future__"}
    return {name: files for name, files in imports.items()
            if name not in own and name not in sys.stdlib_module_names}


def declared_runtime_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", requirement).group(0)) for requirement in project["dependencies"]}


def distributions_of(module: str) -> set[str]:
    return {_normal(dist) for dist in metadata.packages_distributions().get(module, [])}


def test_the_import_scanner_sees_what_a_module_imports(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("import os, json as j\nfrom requests.adapters import HTTPAdapter\n"
                                  "from . import b\nfrom .b import c\n\ndef f():\n    import numpy\n", encoding="utf-8")
    imports = imported_top_levels(package)
    assert set(imports) == {"os", "json", "requests", "numpy"}  # relative imports are the package's own
    assert set(third_party(imports)) == {"requests", "numpy"}
    assert distributions_of("requests") == {"requests"}


def test_every_third_party_import_is_a_declared_dependency():
    declared = declared_runtime_dependencies()
    undeclared = {}
    for module, files in third_party(imported_top_levels()).items():
        if not distributions_of(module) & declared:
            undeclared[module] = sorted(set(files))[:3]
    assert not undeclared, f"imported by the product but not declared in pyproject.toml: {undeclared}"


def test_every_declared_dependency_is_imported_by_the_product():
    provided = set()
    for module in third_party(imported_top_levels()):
        provided |= distributions_of(module)
    unused = declared_runtime_dependencies() - provided
    assert unused == set(PENDING), (
        f"declared in pyproject.toml but never imported by opendata_desktop/: {sorted(unused - set(PENDING))}; "
        f"imported or no longer declared, remove from PENDING: {sorted(set(PENDING) - unused)}")


def test_test_tools_are_not_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    tools = {_normal(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in project["optional-dependencies"]["test"]}
    assert not tools & declared_runtime_dependencies()
    assert not {"pytest", "pytestqt", "xlwt", "odf"} & set(imported_top_levels())


def test_the_product_never_imports_tests_scripts_or_benchmarks():
    assert not {"tests", "scripts", "benchmarks", "render_screens"} & set(imported_top_levels())


@pytest.mark.parametrize("parts", [
    ("schemas", "catalogue.json"),
    ("samples", "subventions_exemple.xlsx"),
    ("icons", "opendata-desktop.ico"),
    ("icons", "opendata-desktop.png"),
    ("translations", "qtbase_fr.qm"),
])
def test_resources_are_found_through_importlib_resources(parts):
    ref = resources.files("opendata_desktop.resources").joinpath(*parts)
    assert ref.is_file()
    assert len(ref.read_bytes()) > 100


def test_the_icon_holds_the_sizes_windows_asks_for():
    data = resources.files("opendata_desktop.resources").joinpath("icons", "opendata-desktop.ico").read_bytes()
    reserved, kind, count = int.from_bytes(data[0:2], "little"), int.from_bytes(data[2:4], "little"), \
        int.from_bytes(data[4:6], "little")
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_qt_reads_the_bundled_french_catalogue_and_icon(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtGui import QIcon

    from opendata_desktop.ui.app import install_bundled_qt_french, install_window_icon

    before = set(qapp.findChildren(QTranslator))
    try:
        assert install_bundled_qt_french(qapp)
        # A standard button of Qt's own dialogs, as a person sees it.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        install_window_icon(qapp)
        assert not qapp.windowIcon().isNull()
    finally:  # leave the shared application as it was for the other tests
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)
        qapp.setWindowIcon(QIcon())


def test_the_windowed_entry_point_exists():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for section in ("scripts", "gui-scripts"):
        for target in project[section].values():
            module, _, function = target.partition(":")
            __import__(module)
            assert callable(getattr(sys.modules[module], function)), target


@pytest.mark.skipif(not (ROOT / "setup.py").exists(), reason="needs the source tree")
def test_a_wheel_carries_resources_as_package_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(tmp_path.glob("opendata_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    missing = sorted(f for f in shipped if f"opendata_desktop/resources/{f}" not in names)
    assert not missing, f"resources missing from the wheel: {missing[:10]}"
    assert not any(n.startswith(("tests/", "benchmarks/", "scripts/", "installer/")) for n in names)


def test_the_frozen_entry_point_shows_the_first_window(tmp_path):
    """installer/app_entry.py is what the frozen app runs; its --first-window path times the cold start."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OPENDATA_DESKTOP_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "app_entry.py"), "--first-window"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
