"""The one way the interface tells the user something in a message box.

Code calls these functions rather than building ``QMessageBox`` itself, so that
messages look alike and tests can replace them (``monkeypatch.setattr(messages,
"inform", ...)``). Texts are already translated by the caller.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def _box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str, detail: str | None) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def inform(parent: QWidget | None, title: str, text: str, detail: str | None = None) -> None:
    _box(QMessageBox.Icon.Information, parent, title, text, detail)


def warn(parent: QWidget | None, title: str, text: str, detail: str | None = None) -> None:
    _box(QMessageBox.Icon.Warning, parent, title, text, detail)


def fail(parent: QWidget | None, title: str, text: str, detail: str | None = None) -> None:
    _box(QMessageBox.Icon.Critical, parent, title, text, detail)
