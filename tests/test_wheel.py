"""The wheel ships everything the app reads at run time: fonts, reference data, icons,
compiled catalogs and migration scripts, and finds them from where it is installed,
down to a clean virtual environment running the ``tegdesk`` command."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    [whl] = out.glob("tegdesk-*.whl")
    return whl


def test_wheel_holds_resources_catalogs_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("tegdesk/_resources/fonts/wqy-microhei.ttc",
                     "tegdesk/_resources/fonts/LiberationSerif-Regular.ttf",
                     "tegdesk/_resources/fonts/licenses/wqy-microhei.txt",
                     "tegdesk/_resources/data/escap_members.csv",
                     "tegdesk/_resources/data/bsp_indicative_list.csv",
                     "tegdesk/_i18n/zh/LC_MESSAGES/tegdesk.mo",
                     "tegdesk/core/store/migrations/env.py",
                     "tegdesk/core/store/migrations/script.py.mako"):
        assert required in names, required
    assert any(n.startswith("tegdesk/core/store/migrations/versions/") and n.endswith("_initial_schema.py")
               for n in names)


def test_wheel_holds_every_migration_catalog_and_icon(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = ROOT / "tegdesk" / "core" / "store" / "migrations" / "versions"
    for script in migrations.glob("*.py"):
        assert f"tegdesk/core/store/migrations/versions/{script.name}" in names, script.name
    for mo in (ROOT / "i18n").glob("*/LC_MESSAGES/tegdesk.mo"):
        assert "tegdesk/_i18n/" + mo.relative_to(ROOT / "i18n").as_posix() in names, mo
    for icon in (ROOT / "resources" / "icons").rglob("*.*"):
        assert "tegdesk/_resources/" + icon.relative_to(ROOT / "resources").as_posix() in names, icon
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_wheel_finds_its_files(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import tegdesk, tegdesk.paths as p, pathlib\n"
        "from tegdesk.core.i18n import translator\n"
        "from tegdesk.core.store import open_store\n"
        f"assert pathlib.Path(tegdesk.__file__).is_relative_to({str(site)!r}), tegdesk.__file__\n"
        f"assert p.resource('fonts', 'wqy-microhei.ttc').is_relative_to({str(site)!r})\n"
        "assert translator('zh').gettext('Roster') == '名册'\n"
        f"s = open_store(pathlib.Path({str(tmp_path / 'w.sqlite3')!r})); print(s.schema_revision()); s.close()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.skipif(os.name != "posix", reason="the venv's layout (bin/) is POSIX's")
def test_a_clean_venv_with_the_wheel_runs_the_commands(wheel, tmp_path):
    """pip installs the wheel into a new venv (its dependencies made visible by a .pth, not
    installed again: no network); its ``tegdesk`` command builds a database and a Chinese PDF
    from the files installed with it, run from a folder away from the source tree."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", "--disable-pip-version-check", str(wheel)], check=True, capture_output=True)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    work = tmp_path / "work"
    work.mkdir()

    def tegdesk(*args: str) -> str:
        result = subprocess.run([str(venv / "bin" / "tegdesk"), *args], cwd=work, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    where = subprocess.run([str(python), "-c", "import tegdesk.paths as p; print(p.resource('icons', 'tegdesk.svg'))"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert Path(where).is_relative_to(site), where
    db = tmp_path / "clean.sqlite3"
    assert "Demonstration loaded" in tegdesk("--db", str(db), "demo")
    pdf = tmp_path / "roster.pdf"
    tegdesk("--db", str(db), "export", "roster", str(pdf), "--lang", "zh")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "名册" in tegdesk("--lang", "zh", "--help")
