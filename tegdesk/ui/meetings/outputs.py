"""The Documents button of a meeting: its documents previewed, printed, saved (being built)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store


class DocumentsButton(QToolButton):
    """A button with a menu of the meeting's documents."""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.meeting_id: uuid.UUID | None = None
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.retranslate(tr)
        self.refresh()

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        self.setText(tr.gettext("Documents"))

    def refresh(self) -> None:
        self.setEnabled(self.meeting_id is not None)
