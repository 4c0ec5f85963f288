"""The one way the interface tells the user something in a message box.

Code calls these functions rather than building ``QMessageBox`` itself, so that
messages look alike and tests can replace them (``monkeypatch.setattr(messages,
"inform", ...)``). Texts are already translated by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from tegdesk.core.errors import UserError
    from tegdesk.core.i18n import Translator

#: What the user chose when asked about unsaved changes.
UnsavedChoice = Literal["save", "discard", "cancel"]


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


def show_error(parent: QWidget | None, tr: Translator, error: UserError, title: str | None = None) -> None:
    """A known problem (disk full, database locked or read-only ...) in the user's language."""
    fail(parent, title or tr.gettext("Not saved"), error.text(tr))


def ask_unsaved(parent: QWidget, tr: Translator, answer: Callable[[UnsavedChoice], None]) -> QMessageBox:
    """Ask whether to save, discard or keep editing the changes typed in a form being closed.

    The question is window-modal and does not block (like the forms themselves):
    ``answer`` is called with the choice once the user makes it. Returns the box.
    """
    box = QMessageBox(QMessageBox.Icon.Question, tr.gettext("Unsaved changes"),
                      tr.gettext("Save the changes you made?"), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unsaved_changes")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setInformativeText(tr.gettext("If you discard them, what you typed is lost."))
    buttons = {
        "save": box.addButton(tr.gettext("Save"), QMessageBox.ButtonRole.AcceptRole),
        "discard": box.addButton(tr.gettext("Discard"), QMessageBox.ButtonRole.DestructiveRole),
        "cancel": box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole),
    }
    for name, button in buttons.items():
        button.setObjectName(name)
    box.setDefaultButton(buttons["save"])
    box.setEscapeButton(buttons["cancel"])

    def finished() -> None:
        clicked = box.clickedButton()
        answer(next((name for name, b in buttons.items() if b is clicked), "cancel"))  # type: ignore[arg-type]

    box.finished.connect(finished)
    box.open()
    return box
