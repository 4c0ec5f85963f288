"""The document register of a meeting (the Documents tab). Being built."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store


class DocumentsTab(QWidget):
    changed = Signal()

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.service: Any = None
        self.meeting_id: uuid.UUID | None = None
        QVBoxLayout(self)

    def set_service(self, service: Any) -> None:
        self.service = service

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id

    def set_store(self, store: Store) -> None:
        self.store = store

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr

    def refresh(self) -> None:
        pass
