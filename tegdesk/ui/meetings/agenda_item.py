"""The parts of the agenda editor around its logic: the tree view that passes the
moving keys on, and the panel beside it that shows the selected item (kind,
title, annotation in the language being typed with the English for reference,
the documents before the meeting under it)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.ui.meetings.labels import ITEM_KIND_NAMES
from tegdesk.ui.roster.checked import ERROR_COLOUR
from tegdesk.ui.roster.widgets import InfoLabel

_REFERENCE_STYLE = "QLabel { color: #6b6b6b; }"

#: Keys of the tree (with Alt unless said) and the editor's action they run.
_ALT_KEYS = {Qt.Key.Key_Up: "move_up", Qt.Key.Key_Down: "move_down", Qt.Key.Key_Right: "indent",
             Qt.Key.Key_Left: "outdent"}
_PLAIN_KEYS = {Qt.Key.Key_Delete: "remove", Qt.Key.Key_Insert: "add_item"}


class AgendaTree(QTreeView):
    """The agenda's tree; the moving keys are passed on as ``command`` (an editor method's name)."""

    command = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if modifiers == Qt.KeyboardModifier.AltModifier and key in _ALT_KEYS:
            self.command.emit(_ALT_KEYS[key])
            event.accept()
            return
        if modifiers == Qt.KeyboardModifier.NoModifier and key in _PLAIN_KEYS:
            self.command.emit(_PLAIN_KEYS[key])
            event.accept()
            return
        super().keyPressEvent(event)


class ItemPanel(QWidget):
    """The selected agenda item's fields; the editor fills them and saves what is typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("item_panel")
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 0, 0, 0)
        self.item_heading = QLabel()
        self.item_heading.setObjectName("item_heading")
        self.item_heading.setStyleSheet("QLabel#item_heading { font-weight: bold; }")
        box.addWidget(self.item_heading)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("item_kind")
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # its names in any language
        self.title = QLineEdit()
        self.title.setObjectName("item_title")
        self.title_reference = InfoLabel()
        self.title_reference.setObjectName("title_reference")
        self.title_reference.setStyleSheet(_REFERENCE_STYLE)
        self.title_error = InfoLabel()
        self.title_error.setObjectName("title_error")
        self.title_error.setStyleSheet(f"QLabel {{ color: {ERROR_COLOUR}; }}")
        self.title_error.hide()
        self.annotation = QPlainTextEdit()
        self.annotation.setObjectName("item_annotation")
        self.annotation.setTabChangesFocus(True)
        self.annotation_reference = InfoLabel()
        self.annotation_reference.setObjectName("annotation_reference")
        self.annotation_reference.setStyleSheet(_REFERENCE_STYLE)
        self.kind_label, self.title_label, self.annotation_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.kind_label, self.kind)
        self.form.addRow(self.title_label, self.title)
        self.form.addRow(self.title_reference)
        self.form.addRow(self.title_error)
        box.addLayout(self.form)
        box.addWidget(self.annotation_label)
        box.addWidget(self.annotation, 2)
        box.addWidget(self.annotation_reference)

        self.documents_label = QLabel()
        self.documents_label.setObjectName("documents_label")
        self.documents_label.setStyleSheet("QLabel#documents_label { font-weight: bold; margin-top: 6px; }")
        box.addWidget(self.documents_label)
        self.item_documents = QListWidget()
        self.item_documents.setObjectName("item_documents")
        self.item_documents.setMaximumHeight(110)
        box.addWidget(self.item_documents, 1)
        attach = QHBoxLayout()
        self.attach_choice = QComboBox()
        self.attach_choice.setObjectName("attach_choice")
        self.attach_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.attach_choice.setMinimumContentsLength(16)
        attach.addWidget(self.attach_choice, 1)
        self.attach_row = attach  # the editor adds its Attach and Detach buttons
        box.addLayout(attach)


    def retranslate(self, tr: Translator) -> None:
        _ = tr.gettext
        self.kind_label.setText(_("Kind:"))
        self.annotation_label.setText(_("Annotation:"))
        self.documents_label.setText(_("Documents before the meeting under this item"))
        self.attach_choice.setPlaceholderText(_("Documents of this meeting"))
        with QSignalBlocker(self.kind):
            current = self.kind.currentData()
            self.kind.clear()
            for code, name in ITEM_KIND_NAMES.items():
                self.kind.addItem(_(name), str(code))
            self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
