"""Where things live: the user's database, and the files shipped with tegdesk.

Bundled files (fonts, reference data, message catalogs) are read only through
:func:`resource` and :func:`catalog_dir`, never by paths built elsewhere.
In a wheel, ``resources/`` and ``i18n/`` are shipped inside the package as
``tegdesk/_resources`` and ``tegdesk/_i18n``; in a source checkout they are the
top-level folders of the repository.
"""

from __future__ import annotations

import os
import sys
from importlib import resources as _res
from pathlib import Path

import platformdirs

from tegdesk import APP_NAME

ENV_DB = "TEGDESK_DB"
DEFAULT_DB_NAME = "tegdesk.sqlite3"


def _bundled_dir(packaged: str, top_level: str) -> Path:
    # A frozen app (PyInstaller) unpacks data next to the executable.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidate = Path(frozen_root) / "tegdesk" / packaged
        if candidate.is_dir():
            return candidate
    packaged_dir = Path(str(_res.files("tegdesk"))) / packaged
    if packaged_dir.is_dir():
        return packaged_dir
    return Path(__file__).resolve().parent.parent / top_level


def resources_dir() -> Path:
    return _bundled_dir("_resources", "resources")


def catalog_dir() -> Path:
    """The folder of message catalogs (``<lang>/LC_MESSAGES/tegdesk.mo``)."""
    return _bundled_dir("_i18n", "i18n")


def resource(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource("fonts", "wqy-microhei.ttc")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)} (looked in {path})")
    return path


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``TEGDESK_DB`` names one."""
    return user_data_dir() / DEFAULT_DB_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins over ``TEGDESK_DB``, which wins over the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser().resolve()
    return default_db_path()


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"
