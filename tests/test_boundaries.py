"""The core never imports Qt; only tegdesk.ui does."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tegdesk

PACKAGE = Path(tegdesk.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_ui_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        qt = {m for m in _imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}}
        if qt:
            offenders.append(f"{rel}: {sorted(qt)}")
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    core_modules = sorted(
        "tegdesk." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] not in {"ui"} and "migrations" not in p.parts
        and p.name != "__main__.py"
    )
    assert "tegdesk.core.store.database" in core_modules
    code = (
        "import importlib, sys\n"
        f"for m in {core_modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
