"""The models behind the meetings page: the list of a body's meetings, and the
provisional agenda of one meeting as a tree (items and their lettered sub-items).

:class:`AgendaTreeModel` is a real item model: the tree view draws from it,
and drag and drop goes through :meth:`~AgendaTreeModel.mimeData` and
:meth:`~AgendaTreeModel.dropMimeData`, which ask the meeting service to move
the item (``move_item``) and then read the agenda again, so the numbers shown
are always the service's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import MeetingStatus
from tegdesk.ui.entry_model import EntryTableModel
from tegdesk.ui.meetings.labels import language_name, place_text, status_name

Index = QModelIndex | QPersistentModelIndex

# -- the list of meetings ---------------------------------------------------------------

MEETING, TITLE, DATES, PLACE, STATUS, WARNINGS = range(6)
HEADERS = [N_("Meeting"), N_("Title"), N_("Dates"), N_("Place"), N_("Status"), N_("Warnings")]
#: The row object of a row (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

_AMBER = QBrush(QColor("#8a5a00"))
_GREY = QBrush(QColor("#6b6b6b"))


def meeting_name(tr: Translator, body_code: str, number: int) -> str:
    """``TEG 1``: the body's code and the meeting's number."""
    # TRANSLATORS: a meeting's short name, e.g. "TEG 1"
    return tr.gettext("{body} {number}", body=body_code, number=tr.number(number))


@dataclass(slots=True)
class _MeetingEntry:
    row: Any  # the service's MeetingRow
    texts: tuple[str, ...]
    warnings: list[str]


class MeetingListModel(EntryTableModel):
    """One row per meeting of the body, newest last (the service's order); ``set_rows`` takes the
    service's MeetingRows (with their warnings)."""

    HEADERS = HEADERS

    def __init__(self, tr: Translator, body_code: str = "TEG", parent: Any = None):
        super().__init__(tr, parent)
        self.body_code = body_code

    def _entry(self, r: Any) -> _MeetingEntry:
        tr = self.tr
        warnings = [v.text(tr) for v in r.warnings]
        title = _translated(r.translations, tr.lang, "title") or r.title
        venue = _translated(r.translations, tr.lang, "venue") or r.venue
        count = tr.number(len(warnings)) if warnings else ""
        texts = (meeting_name(tr, self.body_code, r.number), title, tr.date_range(r.start_date, r.end_date),
                 place_text(tr, r.mode, venue), status_name(tr, r.status), f"⚠ {count}" if warnings else "")
        return _MeetingEntry(r, texts, warnings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index)
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == WARNINGS and entry.warnings:
                return "\n".join(f"• {w}" for w in entry.warnings)
            return entry.texts[column] or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == WARNINGS:
                return _AMBER
            if entry.row.status == MeetingStatus.CANCELLED:
                return _GREY
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == WARNINGS:
            return self.tr.ngettext("{n} warning", "{n} warnings", len(entry.warnings)) if entry.warnings else ""
        if role == ROW_ROLE:
            return entry.row
        return None

    def row_of(self, meeting_id: uuid.UUID | None) -> int:
        return next((i for i, e in enumerate(self.entries) if e.row.id == meeting_id), -1)


def _translated(translations: dict[str, dict[str, str]] | None, lang: str, key: str) -> str:
    if lang == "en" or not translations:
        return ""
    return ((translations.get(lang) or {}).get(key) or "").strip()


# -- the agenda tree ------------------------------------------------------------------

#: The mime type of an agenda item being dragged (its id, as text).
AGENDA_MIME = "application/x-tegdesk-agenda-item"
ITEM, ITEM_DOCUMENTS = range(2)
AGENDA_HEADERS = [N_("Item"), N_("Documents")]
#: The AgendaNode of a row.
NODE_ROLE = Qt.ItemDataRole.UserRole + 2
#: True when the item lacks a title in the language being edited.
MISSING_ROLE = Qt.ItemDataRole.UserRole + 3


def item_title(node: Any, lang: str) -> str:
    """The item's title in ``lang`` ("" when it has none yet in that language)."""
    if lang == "en":
        return node.title
    return _translated(node.translations, lang, "title")


def item_annotation(node: Any, lang: str) -> str:
    if lang == "en":
        return node.annotation
    return _translated(node.translations, lang, "annotation")


class AgendaTreeModel(QAbstractItemModel):
    """The items of one meeting's provisional agenda, with their sub-items.

    ``lang`` is the language whose titles are shown (``"en"``: the English
    text; another language: its translation, or the English title in grey
    italics where there is none yet). ``loader`` returns the agenda's top-level
    nodes; ``mover(item_id, parent_id, row)`` moves one and returns the
    service's outcome (not saved: refused, with the reasons).
    """

    #: An item was moved by drag and drop (its id), after the model read the agenda again.
    moved = Signal(object)
    #: A move was refused; the message, translated.
    refused = Signal(str)

    def __init__(self, tr: Translator, parent: Any = None):
        super().__init__(parent)
        self.tr = tr
        self.lang = "en"
        self.roots: list[Any] = []
        self.loader: Callable[[], list[Any]] = list
        self.mover: Callable[[uuid.UUID, uuid.UUID | None, int], Any] | None = None
        self.read_only = False
        self._parents: dict[uuid.UUID, Any] = {}
        self._nodes: dict[uuid.UUID, Any] = {}
        # Qt indexes carry an integer: the serial of a node in this load
        self._serial: dict[uuid.UUID, int] = {}
        self._by_serial: dict[int, Any] = {}

    # -- loading ----------------------------------------------------------------
    def reload(self) -> None:
        self.set_nodes(self.loader())

    def set_nodes(self, roots: list[Any]) -> None:
        self.beginResetModel()
        self.roots = list(roots)
        self._parents, self._nodes, self._serial, self._by_serial = {}, {}, {}, {}

        def walk(nodes: list[Any], parent: Any) -> None:
            for node in nodes:
                serial = len(self._by_serial) + 1
                self._serial[node.id] = serial
                self._by_serial[serial] = node
                self._nodes[node.id] = node
                self._parents[node.id] = parent
                walk(node.children, node)

        walk(self.roots, None)
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._changed_all()

    def set_translator(self, tr: Translator) -> None:
        self.tr = tr
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(AGENDA_HEADERS) - 1)
        self._changed_all()

    def _changed_all(self) -> None:
        if self._nodes:
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()

    # -- lookups ----------------------------------------------------------------
    def node(self, index: Index) -> Any | None:
        if not index.isValid():
            return None
        return self._by_serial.get(index.internalId())

    def node_by_id(self, item_id: uuid.UUID) -> Any | None:
        return self._nodes.get(item_id)

    def parent_node(self, node: Any) -> Any | None:
        return self._parents.get(node.id)

    def siblings(self, node: Any | None) -> list[Any]:
        """The children of ``node`` (``None``: the top-level items)."""
        return self.roots if node is None else node.children

    def index_of(self, item_id: uuid.UUID, column: int = 0) -> QModelIndex:
        node = self._nodes.get(item_id)
        if node is None:
            return QModelIndex()
        row = self.siblings(self._parents[item_id]).index(node)
        return self.createIndex(row, column, self._serial[item_id])

    def all_nodes(self) -> list[Any]:
        """Every item, in agenda order (an item, then its sub-items)."""
        out: list[Any] = []

        def walk(nodes: list[Any]) -> None:
            for n in nodes:
                out.append(n)
                walk(n.children)

        walk(self.roots)
        return out

    def missing_translation(self, lang: str | None = None) -> list[Any]:
        lang = lang or self.lang
        if lang == "en":
            return []
        return [n for n in self.all_nodes() if not item_title(n, lang)]

    # -- Qt's model interface ------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(AGENDA_HEADERS):
            return QModelIndex()
        if parent.isValid():
            parent_node = self.node(parent)
            if parent_node is None or parent.column() != 0:
                return QModelIndex()
        else:
            parent_node = None
        nodes = self.siblings(parent_node)
        if not 0 <= row < len(nodes):
            return QModelIndex()
        return self.createIndex(row, column, self._serial[nodes[row].id])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None:
            return QModelIndex()
        parent = self._parents.get(node.id)
        if parent is None:
            return QModelIndex()
        row = self.siblings(self._parents.get(parent.id)).index(parent)
        return self.createIndex(row, 0, self._serial[parent.id])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = self.node(parent)
            return len(node.children) if node is not None else 0
        return len(self.roots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(AGENDA_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(AGENDA_HEADERS):
            return self.tr.gettext(AGENDA_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        title = item_title(node, self.lang)
        missing = not title
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ITEM:
                return f"{_shown_label(node)} {title or node.title}".strip()
            return ", ".join(_symbol(d) for d in node.documents)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ITEM_DOCUMENTS:
                return "\n".join(f"{_symbol(d)}  {getattr(d, 'title', '')}".strip() for d in node.documents) or None
            if missing:
                return self.tr.gettext("No text in {language} yet: the English title is shown.",
                                       language=language_name(self.tr, self.lang))
            return f"{_shown_label(node)} {title}".strip()
        if role == Qt.ItemDataRole.ForegroundRole and missing and column == ITEM:
            return _GREY
        if role == Qt.ItemDataRole.FontRole and missing and column == ITEM:
            font = QFont()
            font.setItalic(True)
            return font
        if role == NODE_ROLE:
            return node
        if role == MISSING_ROLE:
            return missing
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if not self.read_only else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- drag and drop ----------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [AGENDA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        node = next((self.node(i) for i in indexes if self.node(i) is not None), None)
        if node is not None:
            data.setData(AGENDA_MIME, QByteArray(str(node.id).encode()))
        return data

    def _dragged(self, data: QMimeData) -> Any | None:
        if data is None or not data.hasFormat(AGENDA_MIME):
            return None
        try:
            item_id = uuid.UUID(bytes(data.data(AGENDA_MIME).data()).decode())
        except ValueError:
            return None
        return self._nodes.get(item_id)

    def _destination(self, node: Any, row: int, parent: Index) -> tuple[Any | None, int] | None:
        """Where a drop puts ``node``: its new parent and its row among the parent's
        children once it has left its old place; None when it cannot go there (onto
        itself, or a third level: sub-items have no sub-items of their own)."""
        target = self.node(parent) if parent.isValid() else None
        if target is not None:
            if target.id == node.id or self._parents.get(target.id) is not None or node.children:
                return None
        siblings = self.siblings(target)
        if row < 0 or row > len(siblings):
            row = len(siblings)  # dropped onto an item: its last sub-item
        old_parent = self._parents.get(node.id)
        if (old_parent.id if old_parent else None) == (target.id if target else None):
            old_row = siblings.index(node)
            if old_row < row:
                row -= 1  # the row counted the item itself, which leaves its place
        return target, row

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: Index) -> bool:
        if self.read_only or action != Qt.DropAction.MoveAction:
            return False
        node = self._dragged(data)
        return node is not None and self._destination(node, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        node = self._dragged(data)
        target, new_row = self._destination(node, row, parent)  # type: ignore[misc]
        old_parent = self._parents.get(node.id)
        if old_parent is target and self.siblings(target).index(node) == new_row:
            return False  # dropped where it was
        if self.mover is None:
            return False
        try:
            outcome = self.mover(node.id, target.id if target is not None else None, new_row)
        except UserError as exc:
            self.refused.emit(exc.text(self.tr))
            return False
        if outcome is not None and not getattr(outcome, "saved", True):
            self.refused.emit("\n".join(v.text(self.tr) for v in outcome.errors))
            self.reload()  # the agenda may have changed meanwhile
            return False
        self.reload()
        self.moved.emit(node.id)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        # A finished move-drag asks the source to remove the rows it dragged: the
        # service has already moved the item and the model was read again.
        return False


def _shown_label(node: Any) -> str:
    """``1.`` for an item, ``(a)`` for a sub-item, as a UN agenda numbers them."""
    return f"{node.label}." if node.parent_id is None else node.label


def _symbol(document: Any) -> str:
    return getattr(document, "symbol", str(document))
