"""How pages and tabs open their dialogs: one way, so that every form behaves alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog


def open_dialog(owner: Any, dialog: QDialog, on_accept: Callable[[], Any]) -> QDialog:
    """Show ``dialog`` window-modal without blocking (tests drive it), kept as ``owner.dialog``
    (the previous one is deleted); ``on_accept`` runs after a save."""
    previous = getattr(owner, "dialog", None)
    if previous is not None and previous is not dialog:
        previous.deleteLater()
    owner.dialog = dialog
    dialog.accepted.connect(on_accept)
    dialog.open()
    return dialog
