"""The core must stay Qt-free: the command line and tests use it without a display."""

import ast
import subprocess
import sys
from pathlib import Path

import opendata_desktop

CORE = Path(opendata_desktop.__file__).parent / "core"
QT_ROOTS = {"PySide6", "PyQt5", "PyQt6", "PySide2", "qtpy", "shiboken6"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_core_module_imports_qt():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 10
    offenders = {str(p.relative_to(CORE)): _imported_roots(p) & QT_ROOTS for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_never_reaches_the_ui_package():
    for path in CORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "opendata_desktop.ui" not in text, path


def test_importing_every_core_module_loads_no_qt():
    modules = [".".join(p.relative_to(CORE.parent.parent).with_suffix("").parts) for p in CORE.rglob("*.py")]
    modules = [m.removesuffix(".__init__") for m in modules]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}]\n"
            "print(len(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
