"""The provisional agenda editor of a meeting (the Agenda tab).

A tree of the items and their lettered sub-items (an :class:`AgendaTreeModel`;
numbers and letters are the service's, read again after every change), and
beside it the selected item's title, kind, annotation and the documents before
the meeting under it. Items move by drag and drop, by the buttons, or from the
keyboard: Alt+Up and Alt+Down move, Alt+Right makes a sub-item of the item
above, Alt+Left makes a sub-item an item again, Insert adds an item, Delete
removes one (after confirmation).

"Text in:" chooses the language typed: English edits the items' own texts;
another language edits their translations, and the tree shows in grey the
items that have none yet in that language.

Texts are saved a moment after the user stops typing (and before another item
is chosen); an empty English title is refused inline and nothing typed is lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store
from tegdesk.ui.meetings.agenda_item import AgendaTree, ItemPanel
from tegdesk.ui.meetings.fields import action_button
from tegdesk.ui.meetings.labels import MEETING_LANGUAGES, language_name
from tegdesk.ui.meetings.model import ITEM, ITEM_DOCUMENTS, AgendaTreeModel, item_annotation, item_title
from tegdesk.ui.roster.checked import ERROR_COLOUR, WARNING_COLOUR
from tegdesk.ui.roster.participants import confirm
from tegdesk.ui.roster.widgets import InfoLabel

#: Pause after the last keystroke before an item's texts are saved.
SAVE_DELAY_MS = 600

_MESSAGE_STYLE = (f"QLabel#agenda_message {{ color: {ERROR_COLOUR}; background: #fdecea; border: 1px solid #f2b8b5;"
                  " border-radius: 4px; padding: 4px 8px; }")
_MISSING_STYLE = f"QLabel#missing_translations {{ color: {WARNING_COLOUR}; }}"

class AgendaEditor(QWidget):
    """The Agenda tab: edit the provisional agenda of one meeting."""

    #: The agenda changed (the meeting's warnings, e.g. R5, may have too).
    changed = Signal()

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.service: Any = None
        self.meeting_id: uuid.UUID | None = None
        self.documents: list[Any] = []  # the meeting's register
        self._current: uuid.UUID | None = None  # the item whose texts the editor shows
        self._dirty = False
        self._filling = False
        self._fields_lang = "en"  # the language of the texts in the fields (saved in it)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)

        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.start_button = action_button("start_agenda", self.start_agenda)
        self.add_button = action_button("add_item", self.add_item)
        self.add_sub_button = action_button("add_sub_item", self.add_sub_item)
        self.remove_button = action_button("remove_item", self.remove)
        self.up_button = action_button("move_up", self.move_up)
        self.down_button = action_button("move_down", self.move_down)
        self.indent_button = action_button("indent", self.indent)
        self.outdent_button = action_button("outdent", self.outdent)
        bar.addWidget(self.start_button)
        bar.addSpacing(8)
        for button in (self.add_button, self.add_sub_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("text_language")
        self.language_label.setBuddy(self.language)
        bar.addWidget(self.language_label)
        bar.addWidget(self.language)
        layout.addLayout(bar)
        # the moves on a second row: in French, Russian or Spanish one row cut every label short
        moves = QHBoxLayout()
        moves.setSpacing(4)
        for button in (self.up_button, self.down_button, self.outdent_button, self.indent_button):
            moves.addWidget(button)
        moves.addStretch(1)
        layout.addLayout(moves)

        self.missing_label = InfoLabel()
        self.missing_label.setObjectName("missing_translations")
        self.missing_label.setStyleSheet(_MISSING_STYLE)
        self.missing_label.hide()
        layout.addWidget(self.missing_label)
        self.message = InfoLabel()
        self.message.setObjectName("agenda_message")
        self.message.setStyleSheet(_MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = AgendaTreeModel(tr, self)
        self.model.read_only = store.read_only
        self.model.loader = lambda: self.service.agenda(self.meeting_id) \
            if self.service is not None and self.meeting_id is not None else []
        self.model.mover = lambda item_id, parent_id, row: self.service.move_item(item_id, parent_id=parent_id,
                                                                                  row=row)
        self.model.moved.connect(self._after_drop)
        self.model.refused.connect(self._show_message)
        self.tree = AgendaTree()
        self.tree.setObjectName("agenda_tree")
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # only agenda items are accepted (mimeTypes)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ITEM_DOCUMENTS, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.command.connect(self.run_command)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.panel = ItemPanel()
        for name in ("item_heading", "kind", "title", "title_label", "title_reference", "title_error", "annotation",
                     "annotation_label", "annotation_reference", "item_documents", "attach_choice"):
            setattr(self, name, getattr(self.panel, name))  # the editor reads and fills them
        self.attach_button = action_button("attach_document", self.attach)
        self.detach_button = action_button("detach_document", self.detach)
        self.panel.attach_row.addWidget(self.attach_button)
        self.panel.attach_row.addWidget(self.detach_button)
        self.title.textEdited.connect(self._edited)
        self.title.editingFinished.connect(self.save_texts)  # Enter or leaving the field saves at once
        self.annotation.textChanged.connect(self._edited)
        self.kind.activated.connect(lambda _i: self._edited())
        self.item_documents.itemSelectionChanged.connect(self._update_buttons)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save_texts)
        self.language.currentIndexChanged.connect(self._language_changed)

        self.retranslate(tr)
        self._update_buttons()

    # -- the shared tab contract ---------------------------------------------------------
    def set_service(self, service: Any) -> None:
        self.service = service

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.save_texts()
        self.meeting_id = meeting_id
        self._current = None
        self.message.hide()
        self.refresh()
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(first)

    def set_store(self, store: Store) -> None:
        self.store = store
        self.model.read_only = store.read_only
        self.meeting_id = None
        self._current = None
        self.refresh()

    def refresh(self) -> None:
        self.save_texts()
        keep = self._current
        self.documents = self.service.documents(self.meeting_id) \
            if self.service is not None and self.meeting_id is not None else []
        self._reload(keep)

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.start_button.setText(_("Start from the usual items"))
        self.start_button.setToolTip(_("Opening, election of officers when due, adoption of the agenda, other "
                                       "matters, adoption of the report"))
        self.add_button.setText(_("Add item"))
        self.add_button.setToolTip(_("Add an item after the selected one (Insert)"))
        self.add_sub_button.setText(_("Add sub-item"))
        self.add_sub_button.setToolTip(_("Add a lettered sub-item under the selected item"))
        self.remove_button.setText(_("Remove…"))
        self.remove_button.setToolTip(_("Remove the selected item and its sub-items (Delete)"))
        self.up_button.setText(_("Move up"))
        self.up_button.setToolTip(_("Alt+Up; items can also be dragged"))
        self.down_button.setText(_("Move down"))
        self.down_button.setToolTip(_("Alt+Down; items can also be dragged"))
        self.indent_button.setText(_("Make sub-item"))
        self.indent_button.setToolTip(_("Make the item a sub-item of the item above (Alt+Right)"))
        self.outdent_button.setText(_("Make item"))
        self.outdent_button.setToolTip(_("Make the sub-item an item of its own (Alt+Left)"))
        self.language_label.setText(_("Text in:"))
        self.panel.retranslate(tr)
        self.attach_button.setText(_("Attach"))
        self.detach_button.setText(_("Detach"))
        self.tree.setAccessibleName(_("Provisional agenda"))
        with QSignalBlocker(self.language):
            current = self.language.currentData() or "en"
            self.language.clear()
            for lang in MEETING_LANGUAGES:
                self.language.addItem(language_name(tr, lang), lang)
            self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.model.set_translator(tr)
        self._show_language()
        self._fill_item()
        self._fill_attach_choice()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """Another tab or page is shown: save what was typed now rather than after the pause.
        (When the window closes, the store is closed first: nothing is written then.)"""
        if self.window().isVisible():
            self.save_texts()
        super().hideEvent(event)

    # -- reading -----------------------------------------------------------------
    def _reload(self, select: uuid.UUID | None = None) -> None:
        scroll = self.tree.verticalScrollBar().value()
        self._current = None
        self.model.reload()
        self.tree.expandAll()
        self.tree.verticalScrollBar().setValue(scroll)
        if select is not None:
            self.select(select)
        self._fill_item()
        self._show_language()
        self._update_buttons()

    def select(self, item_id: uuid.UUID) -> bool:
        index = self.model.index_of(item_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)
        return True

    def current_node(self) -> Any | None:
        return self.model.node(self.tree.currentIndex())

    def text_language(self) -> str:
        return self.language.currentData() or "en"

    def labels(self) -> list[str]:
        """Every item as the tree shows it ("1 Opening of the meeting", "(a) Opening statements"), in order."""
        out = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, ITEM, parent)
                out.append(index.data())
                walk(index)

        walk(QModelIndex())
        return out

    # -- the selected item ------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_texts()
        node = self.model.node(current)
        self._current = node.id if node is not None else None
        self._fill_item()
        self._update_buttons()

    def _fill_item(self) -> None:
        tr, _ = self.translator, self.translator.gettext
        node = self.model.node_by_id(self._current) if self._current is not None else None
        lang = self._fields_lang = self.text_language()
        self._filling = True
        try:
            self.title_error.hide()
            self.title.setStyleSheet("")
            if node is None:
                self.item_heading.setText(_("Choose an item in the agenda") if self.model.roots else "")
                self.title.clear()
                self.annotation.clear()
                self.title_reference.hide()
                self.annotation_reference.hide()
                self.item_documents.clear()
                self._set_panel_enabled(False)
                return
            self._set_panel_enabled(not self.store.read_only)
            self.item_heading.setText(_("Item {label}", label=node.full_label))
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(node.kind))))
            self.title.setText(item_title(node, lang))
            self.annotation.setPlainText(item_annotation(node, lang))
            self.title_label.setText(_("Title:") if lang == "en" else
                                     _("Title in {language}:", language=language_name(tr, lang)))
            self.annotation_label.setText(_("Annotation:") if lang == "en" else
                                          _("Annotation in {language}:", language=language_name(tr, lang)))
            english = lang != "en"
            self.title_reference.setVisible(english)
            self.annotation_reference.setVisible(english and bool(node.annotation))
            self.title_reference.setText(_("English: {text}", text=node.title))
            self.annotation_reference.setText(_("English: {text}", text=node.annotation))
            self.title.setPlaceholderText("" if lang == "en" else node.title)
            self.item_documents.clear()
            for doc in node.documents:
                item = QListWidgetItem(f"{doc.symbol} — {_document_title(doc, tr.lang)}")
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                item.setToolTip(item.text())
                self.item_documents.addItem(item)
            self._fill_attach_choice()
        finally:
            self._filling = False
            self._dirty = False

    def _set_panel_enabled(self, on: bool) -> None:
        for widget in (self.kind, self.title, self.annotation, self.item_documents, self.attach_choice):
            widget.setEnabled(on)

    def _fill_attach_choice(self) -> None:
        node = self.model.node_by_id(self._current) if self._current is not None else None
        attached = {d.id for d in node.documents} if node is not None else set()
        with QSignalBlocker(self.attach_choice):
            self.attach_choice.clear()
            for doc in self.documents:
                if doc.id not in attached:
                    self.attach_choice.addItem(f"{doc.symbol} — {_document_title(doc, self.translator.lang)}",
                                               doc.id)
            self.attach_choice.setCurrentIndex(-1 if not self.attach_choice.count() else 0)
        self._update_buttons()

    # -- editing texts --------------------------------------------------------------------
    def _edited(self, *_args: Any) -> None:
        if self._filling or self._current is None:
            return
        self._dirty = True
        self.save_timer.start()

    # typed input is never lost (tegdesk.ui.pages.base): what the window asks about
    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def save_changes(self) -> bool:
        return self.save_texts()

    def discard_changes(self) -> None:
        self.save_timer.stop()
        self._dirty = False
        self._fill_item()

    def save_texts(self) -> bool:
        """Save what was typed for the current item; False (and the reason shown) when refused."""
        self.save_timer.stop()
        if not self._dirty or self._current is None or self.service is None:
            return True
        node = self.model.node_by_id(self._current)
        if node is None:
            return True
        lang = self._fields_lang  # the combo may already show the next language
        title, annotation = self.title.text(), self.annotation.toPlainText()
        kind = self.kind.currentData()
        kind_changed = kind != node.kind
        if lang == "en":
            outcome = self.service.update_item(node.id, title=title, annotation=annotation, kind=kind)
        else:
            translations = {k: dict(v) for k, v in (node.translations or {}).items()}
            translations[lang] = {"title": title, "annotation": annotation}
            outcome = self.service.update_item(node.id, translations=translations, kind=kind)
        if not outcome.saved:
            text = "\n".join(v.text(self.translator) for v in outcome.errors)
            self.title_error.setText(text)
            self.title_error.show()
            self.title.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;")
            return False  # what was typed stays in the fields
        self._dirty = False
        self.title_error.hide()
        self.title.setStyleSheet("")
        record = outcome.record
        node.title, node.annotation, node.kind = record.title, record.annotation, record.kind
        node.translations = dict(record.translations or {})
        index = self.model.index_of(node.id)
        self.model.dataChanged.emit(index, index.siblingAtColumn(ITEM_DOCUMENTS))
        self._show_language()
        if kind_changed:
            self.changed.emit()  # an election item added or gone changes the R5 warning
        return True

    # -- language ---------------------------------------------------------------------
    def _language_changed(self, _index: int) -> None:
        if not self.save_texts():  # refused (an empty title): stay in the language being typed
            with QSignalBlocker(self.language):
                self.language.setCurrentIndex(self.language.findData(self._fields_lang))
            return
        self.model.set_language(self.text_language())
        self._show_language()
        self._fill_item()

    def set_text_language(self, lang: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))

    def _show_language(self) -> None:
        tr = self.translator
        lang = self.text_language()
        missing = self.model.missing_translation(lang)
        total = len(self.model.all_nodes())
        if lang == "en" or not total:
            self.missing_label.hide()
            return
        if missing:
            self.missing_label.setText(tr.ngettext(
                "{n} of {total} item has no text in {language} yet; it is shown in grey with its English title.",
                "{n} of {total} items have no text in {language} yet; they are shown in grey with their English "
                "titles.", len(missing), total=tr.number(total), language=language_name(tr, lang)))
            self.missing_label.setStyleSheet(_MISSING_STYLE)
        else:
            self.missing_label.setText(tr.gettext("Every item has a title in {language}.",
                                                  language=language_name(tr, lang)))
            self.missing_label.setStyleSheet("")
        self.missing_label.show()

    # -- actions --------------------------------------------------------------------------
    def run_command(self, name: str) -> None:
        getattr(self, name)()

    def _apply(self, outcome: Any, select: uuid.UUID | None = None) -> bool:
        """Show a refusal, or read the agenda again and select ``select``."""
        if not outcome.saved:
            self._show_message("\n".join(v.text(self.translator) for v in outcome.errors))
            return False
        self.message.hide()
        self._reload(select)
        self.tree.setFocus()
        self.changed.emit()
        return True

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _writable(self) -> bool:
        return self.service is not None and self.meeting_id is not None and not self.store.read_only

    def start_agenda(self) -> bool:
        if not self._writable() or not self.save_texts():
            return False
        outcome = self.service.start_agenda(self.meeting_id)
        first = outcome.record[0].id if outcome.saved and outcome.record else None
        return self._apply(outcome, first)

    def add_item(self, *, sub: bool = False) -> uuid.UUID | None:
        """Add an item after the selected one (or, with ``sub``, a sub-item under it) and
        put the cursor in its title."""
        if not self._writable() or not self.save_texts():
            return None
        node = self.current_node()
        title = self.translator.gettext("New item")
        if sub:
            if node is None:
                return None
            if node.parent_id is None:
                outcome = self.service.add_item(self.meeting_id, title, parent_id=node.id)
            else:
                outcome = self.service.add_item(self.meeting_id, title, after_id=node.id)
        else:
            outcome = self.service.add_item(self.meeting_id, title, after_id=node.id if node is not None else None)
        if not self._apply(outcome, outcome.record.id if outcome.saved else None):
            return None
        if self.text_language() != "en":
            self.set_text_language("en")  # a new item is first named in English
        self.title.setFocus()
        self.title.selectAll()
        return outcome.record.id

    def add_sub_item(self) -> uuid.UUID | None:
        return self.add_item(sub=True)

    def remove(self) -> bool:
        node = self.current_node()
        if node is None or not self._writable():
            return False
        _ = self.translator.gettext
        if node.children:
            question = _("Remove item {label}, “{title}”, and its {count} sub-items from the agenda?",
                         label=node.full_label, title=node.title, count=self.translator.number(len(node.children)))
        else:
            question = _("Remove item {label}, “{title}”, from the agenda?", label=node.full_label, title=node.title)
        if not confirm(self, _("Remove an agenda item"), question, _("Remove"), _("Cancel")):
            return False
        self._dirty = False
        self.save_timer.stop()
        siblings = self.model.siblings(self.model.parent_node(node))
        row = siblings.index(node)
        neighbour = siblings[row + 1] if row + 1 < len(siblings) else siblings[row - 1] if row > 0 else \
            self.model.parent_node(node)
        return self._apply(self.service.remove_item(node.id), neighbour.id if neighbour is not None else None)

    def _move(self, method: str) -> bool:
        node = self.current_node()
        if node is None or not self._writable() or not self.save_texts():
            return False
        return self._apply(getattr(self.service, method)(node.id), node.id)

    def move_up(self) -> bool:
        return self._move("move_up")

    def move_down(self) -> bool:
        return self._move("move_down")

    def indent(self) -> bool:
        return self._move("indent")

    def outdent(self) -> bool:
        return self._move("outdent")

    def _after_drop(self, item_id: uuid.UUID) -> None:
        self.message.hide()
        self.tree.expandAll()
        self.select(item_id)
        self.changed.emit()

    def attach(self, document_id: uuid.UUID | None = None) -> bool:
        node = self.current_node()
        document_id = document_id or self.attach_choice.currentData()
        if node is None or document_id is None or not self._writable():
            return False
        return self._apply(self.service.attach_document(node.id, document_id), node.id)

    def detach(self) -> bool:
        node = self.current_node()
        chosen = self.item_documents.currentItem()
        if node is None or chosen is None or not self._writable():
            return False
        return self._apply(self.service.detach_document(node.id, chosen.data(Qt.ItemDataRole.UserRole)), node.id)

    def _update_buttons(self) -> None:
        writable = self._writable()
        node = self.current_node()
        has_items = bool(self.model.roots)
        self.start_button.setEnabled(writable and not has_items)
        self.add_button.setEnabled(writable)
        self.add_sub_button.setEnabled(writable and node is not None)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(writable and node is not None)
        self.indent_button.setEnabled(writable and node is not None and node.parent_id is None
                                      and not node.children and node is not self.model.roots[0])
        self.outdent_button.setEnabled(writable and node is not None and node.parent_id is not None)
        self.attach_button.setEnabled(writable and node is not None and self.attach_choice.count() > 0)
        self.detach_button.setEnabled(writable and node is not None and self.item_documents.currentItem() is not None)


def _document_title(doc: Any, lang: str) -> str:
    titles = getattr(doc, "titles", None) or {}
    return (titles.get(lang) if lang != "en" else None) or doc.title

