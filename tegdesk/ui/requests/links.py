"""Choosing what answered a request: an activity (searched by title, in any language, or
identifier) or an expert (the roster's searchable list of experts)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.services.requests import RequestService
from tegdesk.ui.requests.labels import activity_text, expert_text
from tegdesk.ui.roster.widgets import SearchCombo

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 50


class _PickerDialog(QDialog):
    """A dialog with a prompt, a chooser and Link / Cancel; ``chosen_id()`` is the choice."""

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.tr = tr
        self.setSizeGripEnabled(True)
        self.layout_ = QVBoxLayout(self)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.layout_.addWidget(self.prompt)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.link_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.link_button.setObjectName("link")
        self.link_button.setText(tr.gettext("Link"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr.gettext("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)
        self._update()

    def chosen_id(self) -> uuid.UUID | None:
        raise NotImplementedError

    def _update(self) -> None:
        self.link_button.setEnabled(self.chosen_id() is not None)


class ActivityPicker(_PickerDialog):
    """Search the activities (title in any language, identifier) and pick one."""

    def __init__(self, service: RequestService, tr: Translator, exclude: set[uuid.UUID] | None = None,
                 parent: QWidget | None = None):
        super().__init__(tr, parent)
        _ = tr.gettext
        self.service = service
        self.exclude = exclude or set()
        self.setObjectName("activity_picker")
        self.setWindowTitle(_("Link an activity"))
        self.prompt.setText(_("The activity that answered the request:"))
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search titles and identifiers"))
        self.layout_.addWidget(self.search)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setMinimumHeight(240)
        self.layout_.addWidget(self.results, 1)
        self.finish_layout()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.results.itemSelectionChanged.connect(self._update)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.resize(640, 400)
        self.refresh()

    def refresh(self) -> None:
        self.timer.stop()
        self.results.clear()
        for activity in self.service.find_activities(self.search.text(), SEARCH_LIMIT):
            if activity.id in self.exclude:
                continue
            item = QListWidgetItem(activity_text(self.tr, activity))
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            item.setToolTip(item.text())
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update()

    def chosen_id(self) -> uuid.UUID | None:
        item = self.results.currentItem() if hasattr(self, "results") else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None


class ExpertPicker(_PickerDialog):
    """Pick an expert from the roster's searchable list (type any part of the name or organization)."""

    def __init__(self, service: RequestService, tr: Translator, exclude: set[uuid.UUID] | None = None,
                 parent: QWidget | None = None):
        super().__init__(tr, parent)
        _ = tr.gettext
        self.setObjectName("expert_picker")
        self.setWindowTitle(_("Link an expert"))
        self.prompt.setText(_("The expert who answered the request:"))
        self.expert = SearchCombo()
        self.expert.setObjectName("expert")
        self.expert.set_placeholder(_("Type to search experts"))
        self.expert.set_items([(expert_text(e), e.id) for e in service.experts() if e.id not in (exclude or set())])
        self.layout_.addWidget(self.expert)
        self.finish_layout()
        self.expert.currentTextChanged.connect(lambda _t: self._update())
        self.resize(520, self.sizeHint().height())

    def chosen_id(self) -> uuid.UUID | None:
        return self.expert.current_id() if hasattr(self, "expert") else None
