"""The Participants tab of a meeting (being built: see notices.py/outputs.py siblings)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store


class ParticipantsTab(QWidget):
    """Participants of one meeting: experts, representatives, observers, secretariat."""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.meeting_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        self.placeholder = QLabel()
        layout.addWidget(self.placeholder)
        layout.addStretch(1)
        self.retranslate(tr)

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        self.placeholder.setText(tr.gettext("Participants"))

    def refresh(self) -> None:
        pass
