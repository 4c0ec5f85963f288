"""The settings file: redirected by TEGDESK_CONFIG_DIR, written atomically, forgiving."""

from __future__ import annotations

from pathlib import Path

from tegdesk.ui import settings
from tegdesk.ui.language import initial_language


def test_settings_live_in_the_configured_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path / "cfg"))
    assert settings.settings_file() == tmp_path / "cfg" / "settings.json"
    settings.put("language", "zh")
    settings.put("other", [1, 2])
    assert settings.load() == {"language": "zh", "other": [1, 2]}
    assert [p.name for p in (tmp_path / "cfg").iterdir()] == ["settings.json"]  # no temp left


def test_damaged_settings_are_ignored(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path))
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert settings.load() == {}
    (tmp_path / "settings.json").write_text("[1, 2]", encoding="utf-8")
    assert settings.get("language", "en") == "en"


def test_initial_language_order(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path))
    assert initial_language("zh_CN") == "zh"
    settings.put(settings.LANGUAGE, "zh")
    assert initial_language(None) == "zh"
    assert initial_language("en") == "en"
    settings.put(settings.LANGUAGE, "klingon")
    assert initial_language("xx") in {"en", "zh"}  # falls back to the system's, else English
