"""The board: one column per status (received, assigned, in progress, answered, declined,
withdrawn), one card per request (reference, country, subject, days).

A card is moved with its context menu ("Move to…") or by dragging it onto another column;
either way the board only *asks* (:attr:`Board.move_requested`): the page opens the small
dialog that takes the date and the note and lets the rules decide. Nothing moves on the
board until the service has recorded the change and the board is read again.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.request_rules import STATUSES, next_statuses, status_name
from tegdesk.core.services.requests import RequestRow
from tegdesk.ui.requests.labels import STATUS_COLOURS, days_text, member_name

MIME_TYPE = "application/x-tegdesk-request"
#: The RequestRow of a card.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The card's texts: (reference, country, subject, days).
CARD_ROLE = Qt.ItemDataRole.UserRole + 2
_PAD = 8
_SUBJECT_LINES = 3


class CardDelegate(QStyledItemDelegate):
    """Paints a request as a card: the reference on top, the subject (up to three lines), the
    country and the days at the bottom (amber with a ⚠ when the rules warn)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        line = _line_height(option.fontMetrics)
        return QSize(150, line * (2 + _SUBJECT_LINES) + 3 * _PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        texts = index.data(CARD_ROLE)
        row: RequestRow | None = index.data(ROW_ROLE)
        if not texts or row is None:
            return super().paint(painter, option, index)
        reference, country, subject, days = texts
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRect(option.rect).adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight) if selected else QColor("#c9ced6"),
                            2 if selected else 1))
        painter.setBrush(QColor("#eef4fb") if selected else palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 5, 5)
        colour = STATUS_COLOURS.get(row.status, STATUS_COLOURS["received"])
        rtl = option.direction == Qt.LayoutDirection.RightToLeft  # Arabic: the card mirrored
        bar_x = card.right() - 3 if rtl else card.left() + 1
        painter.fillRect(QRect(bar_x, card.top() + 6, 3, card.height() - 12), colour)

        inner = card.adjusted(_PAD, _PAD - 2, -_PAD - 2, -_PAD + 2) if rtl else \
            card.adjusted(_PAD + 2, _PAD - 2, -_PAD, -_PAD + 2)
        metrics = option.fontMetrics
        line = _line_height(metrics)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        top = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, reference)
        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        body = QRect(inner.left(), inner.top() + line + 4, inner.width(), line * _SUBJECT_LINES)
        painter.save()
        painter.setClipRect(body)
        # the subject in its own direction (an English subject on an Arabic board wraps and ends
        # as English does), flush with the card's reading side
        painter.setLayoutDirection(_direction(subject, option.direction))
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        painter.drawText(body, side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, _elide_lines(metrics, subject, body.width(), _SUBJECT_LINES))
        painter.restore()

        bottom = QRect(inner.left(), inner.bottom() - line, inner.width(), line)
        days_shown = f"⚠ {days}" if row.warnings else days
        days_width = metrics.horizontalAdvance(days_shown) + 12
        painter.setPen(QColor("#4a5563"))
        country_left = bottom.left() + (days_width if rtl else 0)
        country_rect = QRect(country_left, bottom.top(), bottom.width() - days_width, line)
        painter.drawText(country_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(country, Qt.TextElideMode.ElideRight, country_rect.width()))
        painter.setPen(QColor("#8a5a00") if row.warnings else QColor("#4a5563"))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, days_shown)
        painter.restore()


def _line_height(metrics) -> int:
    """The height of a line of wrapped text as drawn (with the CJK fallback font, a pixel or
    two more than the font's own line spacing)."""
    return max(metrics.lineSpacing(), -(-metrics.boundingRect(QRect(0, 0, 10_000, 10_000), Qt.TextFlag.TextWordWrap,
                                                               "Ag中\nAg中\nAg中").height() // 3))


def _direction(text: str, default: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of ``text``'s first strong character (``default`` if it has none)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return default


def _elide_lines(metrics, text: str, width: int, lines: int) -> str:
    """``text`` cut to fit ``lines`` wrapped lines of ``width``, with an ellipsis if cut."""
    line = _line_height(metrics)
    limit = line * lines + line // 2  # n lines, not n + 1

    def fits(candidate: str) -> bool:
        return metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, candidate).height() < limit

    if fits(text):
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + "…"):
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


class StatusColumn(QListWidget):
    """The cards of one status. Dragging a card out carries its request id; dropping one in
    asks the board to move it here."""

    dropped = Signal(object, str)  # request id, this column's status

    def __init__(self, status: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = status
        self.setObjectName(f"column_{status}")
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setSpacing(1)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QListWidget { background: #f3f5f8; border-radius: 4px; }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)  # the card stays until the service moves it
        self.setMinimumWidth(130)

    def set_movable(self, movable: bool) -> None:
        self.setDragEnabled(movable)
        self.setAcceptDrops(movable)
        self.viewport().setAcceptDrops(movable)

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt's name)
        return [MIME_TYPE]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802 (Qt's name)
        data = QMimeData()
        row = items[0].data(ROW_ROLE) if items else None
        if row is not None:
            data.setData(MIME_TYPE, QByteArray(str(row.id).encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt's name)
        return Qt.DropAction.CopyAction

    @staticmethod
    def dragged_id(mime: QMimeData) -> uuid.UUID | None:
        if not mime.hasFormat(MIME_TYPE):
            return None
        try:
            return uuid.UUID(bytes(mime.data(MIME_TYPE).data()).decode())
        except ValueError:
            return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.source() is not self and self.dragged_id(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt's name)
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        request_id = self.dragged_id(event.mimeData())
        if request_id is None or event.source() is self:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(request_id, self.status)


class Board(QWidget):
    """Six columns of cards, in the order of the statuses."""

    selected = Signal(object)  # the request id, or None
    move_requested = Signal(object, str)  # request id, the status asked for
    open_requested = Signal(object)  # request id (double-click)

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("board")
        self.translator = tr
        self.movable = True
        self.rows: dict[str, list[RequestRow]] = {s: [] for s in STATUSES}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(8)
        self.columns: dict[str, StatusColumn] = {}
        self.headers: dict[str, QLabel] = {}
        for status in STATUSES:
            box = QVBoxLayout()
            box.setSpacing(4)
            header = QLabel()
            header.setObjectName(f"header_{status}")
            colour = STATUS_COLOURS[status].name()
            header.setStyleSheet(f"QLabel {{ font-weight: bold; padding: 4px 6px; border-top: 3px solid {colour};"
                                 " background: #f3f5f8; border-top-left-radius: 4px;"
                                 " border-top-right-radius: 4px; }")
            column = StatusColumn(status)
            column.dropped.connect(self.move_requested)
            column.itemSelectionChanged.connect(lambda c=column: self._selection_changed(c))
            column.itemDoubleClicked.connect(lambda item: self.open_requested.emit(item.data(ROW_ROLE).id))
            column.customContextMenuRequested.connect(lambda pos, c=column: self._context_menu(c, pos))
            box.addWidget(header)
            box.addWidget(column, 1)
            layout.addLayout(box, 1)
            self.columns[status] = column
            self.headers[status] = header
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        self.set_rows(self.rows, keep=self.selected_id())

    def set_movable(self, movable: bool) -> None:
        """Read-only: cards cannot be dragged nor moved from their menu."""
        self.movable = movable
        for column in self.columns.values():
            column.set_movable(movable)

    def set_rows(self, rows: dict[str, list[RequestRow]], keep: uuid.UUID | None = None) -> None:
        """``rows``: the service's board (status -> rows in column order)."""
        tr = self.translator
        self.rows = {s: list(rows.get(s, [])) for s in STATUSES}
        for status, column in self.columns.items():
            column.blockSignals(True)
            column.clear()
            for row in self.rows[status]:
                country = member_name(tr, row.member, row.member_name)
                item = QListWidgetItem(row.subject)
                item.setData(ROW_ROLE, row)
                item.setData(CARD_ROLE, (row.reference, country, row.subject, days_text(tr, row.days)))
                tips = [f"{row.reference} · {country}", row.subject, days_text(tr, row.days)]
                tips += [f"⚠ {v.text(tr)}" for v in row.warnings]
                item.setToolTip("\n".join(tips))
                column.addItem(item)
            column.blockSignals(False)
            n = len(self.rows[status])
            self.headers[status].setText(tr.gettext("{status} ({count})", status=status_name(tr, status),
                                                    count=tr.number(n)))
            column.setAccessibleName(status_name(tr, status))
        if keep is not None:
            self.select(keep, notify=False)

    def card_ids(self, status: str) -> list[uuid.UUID]:
        return [r.id for r in self.rows.get(status, [])]

    def selected_id(self) -> uuid.UUID | None:
        for column in self.columns.values():
            items = column.selectedItems()
            if items:
                return items[0].data(ROW_ROLE).id
        return None

    def select(self, request_id: uuid.UUID | None, *, notify: bool = True) -> bool:
        found = False
        for status, column in self.columns.items():
            column.blockSignals(True)
            column.clearSelection()
            ids = self.card_ids(status)
            if request_id in ids:
                item = column.item(ids.index(request_id))
                item.setSelected(True)
                column.setCurrentItem(item)
                column.scrollToItem(item)
                found = True
            column.blockSignals(False)
        if notify:
            self.selected.emit(request_id if found else None)
        return found

    def _selection_changed(self, column: StatusColumn) -> None:
        items = column.selectedItems()
        if not items:
            return
        request_id = items[0].data(ROW_ROLE).id
        for other in self.columns.values():  # one card selected on the whole board
            if other is not column:
                other.blockSignals(True)
                other.clearSelection()
                other.blockSignals(False)
        self.selected.emit(request_id)

    def move_menu(self, row: RequestRow, parent: QWidget | None = None) -> QMenu:
        """A "Move to…" menu of the statuses the rules allow from the card's status."""
        menu = QMenu(parent or self)
        menu.setObjectName("move_menu")
        menu.setTitle(self.translator.gettext("Move to…"))
        self.fill_move_menu(menu, row)
        return menu

    def fill_move_menu(self, menu: QMenu, row: RequestRow) -> None:
        """Add to ``menu`` one action per status the rules allow from ``row``'s status."""
        tr = self.translator
        for status in next_statuses(row.status):
            action = QAction(status_name(tr, status) + "…", menu)
            action.setObjectName(f"move_{status}")
            action.setEnabled(self.movable)
            action.triggered.connect(lambda _c=False, s=status, i=row.id: self.move_requested.emit(i, s))
            menu.addAction(action)

    def _context_menu(self, column: StatusColumn, pos: QPoint) -> None:
        item = column.itemAt(pos)
        if item is None:
            return
        column.setCurrentItem(item)
        item.setSelected(True)
        menu = self.move_menu(item.data(ROW_ROLE), column)
        menu.popup(column.viewport().mapToGlobal(pos))
