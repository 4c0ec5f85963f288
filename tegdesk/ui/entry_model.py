"""A flat table of prepared entries: the base of the meetings list and the requests register.

Each row's texts are made once, in the interface's language, when the rows arrive
(``_entry(row)``, written by each model), not at every paint; a change of language remakes
them (:meth:`EntryTableModel.set_translator`). An entry keeps the service's row as ``.row``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tegdesk.core.i18n import Translator

Index = QModelIndex | QPersistentModelIndex


class EntryTableModel(QAbstractTableModel):
    """Rows of entries under translated column headers (``HEADERS``: the columns' msgids)."""

    HEADERS: ClassVar[Sequence[str]] = ()

    def __init__(self, tr: Translator, parent: Any = None):
        super().__init__(parent)
        self.tr = tr
        self.entries: list[Any] = []

    def _entry(self, row: Any) -> Any:
        """The entry of one of the service's rows (its texts in ``self.tr``'s language)."""
        raise NotImplementedError

    def header_tooltip(self, section: int) -> str | None:
        """A column header's tooltip, if it has one (translated)."""
        return None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.entries = [self._entry(r) for r in rows]
        self.endResetModel()

    def set_translator(self, tr: Translator) -> None:
        self.tr = tr
        self.set_rows([e.row for e in self.entries])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    def entry_at(self, index: Index) -> Any | None:
        """The entry shown at ``index``, or None outside the rows."""
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        return self.entries[index.row()]

    # -- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr.gettext(self.HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.header_tooltip(section)
        return None
