"""The user's interface settings: a small JSON file, written atomically.

The file is :func:`tegdesk.paths.settings_path` unless the environment variable
``TEGDESK_CONFIG_DIR`` names another folder (tests and portable installs use it).
An unreadable or damaged file is treated as empty: settings are conveniences,
never a reason to refuse to start.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tegdesk.paths import settings_path

ENV_CONFIG_DIR = "TEGDESK_CONFIG_DIR"
SETTINGS_NAME = "settings.json"

LANGUAGE = "language"


def settings_file() -> Path:
    folder = os.environ.get(ENV_CONFIG_DIR)
    if folder:
        return Path(folder).expanduser() / SETTINGS_NAME
    return settings_path()


def load() -> dict[str, Any]:
    try:
        data = json.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(values: dict[str, Any]) -> None:
    """Replace the settings file with ``values`` (a temporary file, then a rename)."""
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(values, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    values = load()
    values[key] = value
    save(values)
