"""The PyInstaller spec bundles every folder the app reads, where a frozen app looks for it;
the desktop entry and the icons are valid. Fast: nothing is built here (packaging/build.sh
builds the bundle and runs packaging/smoke_test.py on it)."""

from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "tegdesk.spec"
DESKTOP = ROOT / "packaging" / "tegdesk.desktop"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def spec_constant(name: str):
    """A literal assigned at the top of the spec (read, not run: PyInstaller is not needed)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC.name}")


def wheel_layout() -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]


def test_the_bundle_has_the_wheels_layout():
    """Resources and catalogs sit where tegdesk.paths looks in a wheel and in a frozen app."""
    bundled, catalogs = spec_constant("BUNDLED"), spec_constant("CATALOGS")
    layout = wheel_layout()
    assert bundled["resources"] == layout["resources"] == "tegdesk/_resources"
    assert catalogs == layout["i18n"] == "tegdesk/_i18n"


def test_the_spec_bundles_the_migrations_where_alembic_is_pointed():
    from tegdesk.core.store.migrate import MIGRATIONS_DIR

    # Frozen, migrate.py's __file__ is <bundle>/tegdesk/core/store/migrate.pyc: the scripts
    # must be data at the same place relative to the bundle as in the source tree.
    relative = MIGRATIONS_DIR.relative_to(ROOT).as_posix()
    assert spec_constant("BUNDLED")[relative] == relative
    assert (MIGRATIONS_DIR / "env.py").is_file() and (MIGRATIONS_DIR / "script.py.mako").is_file()


def test_every_resource_the_code_asks_for_is_in_a_bundled_folder():
    asked = set()
    for source in (ROOT / "tegdesk").rglob("*.py"):
        asked |= set(re.findall(r"""\bresource\(\s*["']([\w-]+)["']""", source.read_text(encoding="utf-8")))
    assert {"fonts", "data"} <= asked
    for folder in asked | {"icons"}:
        assert (ROOT / "resources" / folder).is_dir(), folder


def test_a_frozen_app_finds_its_files_in_the_bundle(tmp_path, monkeypatch):
    """Lay files out as the spec does under a fake bundle root: tegdesk.paths reads them there."""
    from tegdesk import paths

    bundle = tmp_path / "_internal"
    for source, target in spec_constant("BUNDLED").items():
        if source == "resources":
            shutil.copytree(ROOT / source, bundle / target)
    (bundle / spec_constant("CATALOGS") / "zh" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.resources_dir() == bundle / "tegdesk" / "_resources"
    assert paths.catalog_dir() == bundle / "tegdesk" / "_i18n"
    assert paths.resource("icons", "tegdesk.svg").is_relative_to(bundle)


def test_no_qt_module_the_app_imports_is_excluded():
    """The spec leaves out Qt modules to keep the bundle small; never one the app uses."""
    used = set()
    for source in (ROOT / "tegdesk").rglob("*.py"):
        used |= set(re.findall(r"\bPySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert {"QtCore", "QtWidgets", "QtPdf"} <= used
    assert not used & set(spec_constant("UNUSED_QT"))


def test_every_catalog_is_a_language_of_the_app():
    from tegdesk.core.i18n import LANGUAGES

    languages = [po.parent.parent.name for po in (ROOT / "i18n").glob("*/LC_MESSAGES/tegdesk.po")]
    assert languages and set(languages) <= set(LANGUAGES)


def test_the_smoke_test_needs_only_the_standard_library():
    tree = ast.parse((ROOT / "packaging" / "smoke_test.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported


def test_the_build_script_is_executable_and_installs_the_packaging_extra():
    script = ROOT / "packaging" / "build.sh"
    assert os.access(script, os.X_OK)
    assert '"$ROOT[packaging]"' in script.read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("pyinstaller") for d in pyproject["project"]["optional-dependencies"]["packaging"])
    assert not any(d.startswith("pyinstaller") for d in pyproject["project"]["dependencies"])


# -- the desktop entry and the icons -----------------------------------------------------

def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_the_desktop_entry_is_valid():
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "tegdesk" and entry["Icon"] == "tegdesk"
    assert "Office" in entry["Categories"].rstrip(";").split(";")
    assert entry["Terminal"] == "false"


def test_the_desktop_entry_speaks_the_un_languages():
    entry = desktop_entry()
    for lang in ("zh", "fr", "ru", "es", "ar"):
        for key in ("Name", "GenericName", "Comment"):
            assert entry.get(f"{key}[{lang}]", "").strip(), f"{key}[{lang}]"
        if lang != "fr":  # each translation is a translation, not the English text again
            assert entry[f"Comment[{lang}]"] != entry["Comment"]
    assert re.search(r"[\u4e00-\u9fff]", entry["Comment[zh]"])
    assert re.search(r"[\u0600-\u06ff]", entry["Comment[ar]"])
    assert re.search(r"[\u0400-\u04ff]", entry["Comment[ru]"])


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_icon_exists_at_every_size(size):
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "tegdesk.png"
    assert png_size(png) == (size, size)


def test_the_icon_sources_and_platform_formats():
    svg = (ICONS / "tegdesk.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and 'viewBox="0 0 256 256"' in svg
    assert (ICONS / "tegdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # Windows icon
    assert (ICONS / "tegdesk.icns").read_bytes()[:4] == b"icns"  # macOS icon
