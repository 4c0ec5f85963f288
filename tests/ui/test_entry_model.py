"""The base of the flat tables (meetings list, requests register): headers in the interface's
language with their tooltips, rows remade in a new language, nothing outside the rows."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt

from tegdesk.core.i18n import N_, translator
from tegdesk.ui.entry_model import EntryTableModel
from tegdesk.ui.requests.model import DAYS, HEADERS, RegisterModel


@dataclass
class _Entry:
    row: str
    texts: tuple[str, ...]


class Numbers(EntryTableModel):
    HEADERS = (N_("Title"), N_("Status"))

    def _entry(self, row: str) -> _Entry:
        return _Entry(row, (self.tr.gettext(row), self.tr.lang))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        entry = self.entry_at(index)
        return entry.texts[index.column()] if entry is not None and role == Qt.ItemDataRole.DisplayRole else None


def test_rows_and_headers_are_remade_in_a_new_language(qtbot):
    model = Numbers(translator("en"))
    resets, headers = [], []
    model.modelReset.connect(lambda: resets.append(True))
    model.headerDataChanged.connect(lambda *a: headers.append(a))
    model.set_rows(["Meetings", "Activities"])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.index(1, 0).data() == "Activities"
    model.set_translator(translator("fr"))
    assert model.index(1, 0).data() == "Activités" and model.index(0, 1).data() == "fr"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Titre"
    assert len(resets) == 2 and headers == [(Qt.Orientation.Horizontal, 0, 1)]


def test_nothing_outside_the_rows_and_no_children(qtbot):
    model = Numbers(translator("en"))
    model.set_rows(["Meetings"])
    assert model.entry_at(model.index(5, 0)) is None and model.entry_at(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0
    assert model.headerData(7, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_the_register_explains_its_days_column(qtbot):
    model = RegisterModel(translator("en"))
    tip = model.headerData(DAYS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Processing time")
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.columnCount() == len(HEADERS)
