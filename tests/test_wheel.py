"""The wheel ships everything the app reads at run time: fonts, reference data,
compiled catalogs and migration scripts, and finds them from where it is installed."""

from __future__ import annotations

import os
import subprocess
import sys
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
