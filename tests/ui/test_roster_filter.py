"""The roster filter (RosterFilter) shows exactly the rows the rule says, whatever the user types.

The rule, as it has always been: a row is shown when it passes the subregion, membership,
period and ending-soon choices and every word of the search text (spaces collapsed, case
folded) is in its search text; rows keep the table's order. Checked here against that rule
written out plainly, over typing sequences (letters, backspaces, several words, Chinese
and Cyrillic), filter changes and sorts in between, and with a view and a selection on it.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from tegdesk.core.i18n import translator
from tegdesk.core.services.roster import RosterRow
from tegdesk.ui.roster.model import EXPERT, MEMBER, START, RosterFilter, RosterTableModel

SUBREGIONS = ["East and North-East Asia", "North and Central Asia", "Pacific", "South and South-West Asia",
              "South-East Asia"]
FAMILY = ["Wang", "Иванов", "Nguyễn", "Sharma", "王", "Kim", "Петрова", "Tanaka", "O'Brien", "Fifita"]
GIVEN = ["Li Wei", "Пётр", "Thi Lan", "Anjali", "小明", "Min-jun", "Ольга", "Hiroshi", "Nasrin", "Sione"]
ORGS = ["Ministry of Ecology and Environment", "Министерство природных ресурсов", "生态环境部环境规划院",
        "University of the South Pacific"]
STATUSES = ["serving", "serving", "upcoming", "ended", "withdrawn"]
AS_OF = dt.date(2025, 6, 1)


def rows(n: int) -> list[RosterRow]:
    out = []
    for i in range(n):
        start = dt.date(2022, 1, 1) + dt.timedelta(days=(i * 37) % 1400)
        member = i % 62
        out.append(RosterRow(uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=member + 1), f"Member {member:02d}",
                             f"M{member:02d}", member % 7 == 0, SUBREGIONS[member % 5], "Dr.", f"{FAMILY[i % 10]}{i}",
                             GIVEN[i % 10], ORGS[i % 4], "", "", "", start, start + dt.timedelta(days=1094), 1 + i % 2,
                             STATUSES[i % 5], ["chair"] if i == 7 else [], 1))
    return out


def expected(model: RosterTableModel, proxy: RosterFilter) -> list[uuid.UUID]:
    """The rule, written out: which terms the filter must show, in the table's order."""
    words = " ".join(proxy.text.split()).casefold().split()
    shown = []
    for e in model.entries:
        if proxy.subregion is not None and e.row.subregion != proxy.subregion:
            continue
        if proxy.membership != RosterFilter.ALL and e.row.associate != (proxy.membership == "associate"):
            continue
        if proxy.period != "all" and e.current != (proxy.period == "current"):
            continue
        if proxy.ending_soon and not e.ending_soon:
            continue
        if all(w in e.haystack for w in words):
            shown.append(e.row.term_id)
    return shown


def shown(proxy: RosterFilter) -> list[uuid.UUID]:
    return [r.term_id for r in proxy.visible_rows()]


@pytest.fixture
def table(qtbot):
    model = RosterTableModel(translator("en"))
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(900, 500)
    view.show()
    model.set_rows(rows(1_500), AS_OF, {})
    return model, proxy, view


def check(model, proxy, view) -> None:
    assert shown(proxy) == expected(model, proxy)
    assert view.verticalHeader().count() == proxy.rowCount()  # the view follows the count
    assert all(proxy.mapFromSource(proxy.mapToSource(proxy.index(r, 3))).row() == r
               for r in range(0, proxy.rowCount(), 97))


def type_text(proxy: RosterFilter, model, view, text: str, qapp) -> None:
    typed = ""
    for key in text:
        typed += key
        proxy.set_filters(text=typed)
        qapp.processEvents()
        check(model, proxy, view)
    for _ in range(len(text)):  # and back, one backspace at a time
        typed = typed[:-1]
        proxy.set_filters(text=typed)
        check(model, proxy, view)


@pytest.mark.parametrize("text", ["wang12", "иванов3", "ministry of", "王4", "nguyễn1", "  LI   wei ", "m03 dr",
                                  "o'brien 8", "小明", "Петрова1 ольга", "zzz", "e"])
def test_typing_shows_the_rows_of_the_rule(table, qapp, text):
    model, proxy, view = table
    for period in ("current", "all"):
        proxy.set_filters(period=period)
        type_text(proxy, model, view, text, qapp)


def test_choices_and_sorting_between_keystrokes(table, qapp):
    model, proxy, view = table
    rng = random.Random(5)
    choices = [{"subregion": s} for s in SUBREGIONS + [None]] + \
        [{"membership": m} for m in ("member", "associate", RosterFilter.ALL)] + \
        [{"period": p} for p in ("current", "past", "all")] + [{"ending_soon": b} for b in (True, False)]
    typed = ""
    for _step in range(150):
        roll = rng.random()
        if roll < 0.45:
            typed += rng.choice("wangиво王1234 ministry")
            proxy.set_filters(text=typed)
        elif roll < 0.6:
            typed = typed[:-1]
            proxy.set_filters(text=typed)
        elif roll < 0.85:
            proxy.set_filters(**rng.choice(choices))
        elif roll < 0.95:
            proxy.sort(rng.choice([MEMBER, EXPERT, START]), rng.choice(list(Qt.SortOrder)))
        else:
            model.set_rows(rows(rng.randint(900, 1_500)), AS_OF, {})  # the roster read again
        qapp.processEvents()
        check(model, proxy, view)


def test_the_selected_term_stays_selected_while_it_is_shown(table, qapp):
    model, proxy, view = table
    proxy.set_filters(period="all")
    target = next(i for i in range(proxy.rowCount()) if proxy.row_at(i).family_name == "Wang120")
    view.selectionModel().setCurrentIndex(proxy.index(target, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    for typed in ("w", "wa", "wang", "wang1", "wang12"):
        proxy.set_filters(text=typed)
        selected = view.selectionModel().selectedRows()
        assert [proxy.row_at(i.row()).family_name for i in selected] == ["Wang120"]
    proxy.sort(EXPERT, Qt.SortOrder.DescendingOrder)  # sorting keeps it selected too
    assert [proxy.row_at(i.row()).family_name for i in view.selectionModel().selectedRows()] == ["Wang120"]
    proxy.set_filters(text="wang13")  # no longer shown: nothing selected
    assert view.selectionModel().selectedRows() == []
    assert proxy.data(proxy.index(0, EXPERT)) == model.data(proxy.mapToSource(proxy.index(0, EXPERT)))
    assert proxy.headerData(EXPERT, Qt.Orientation.Horizontal) == "Expert"


def test_hundreds_of_keystrokes_leave_python_sound(tmp_path):
    """A proxy of ours once corrupted the reference count of True in PySide6 (Python aborted at
    exit after a hundred or so filter changes): the filter is driven 400 times in a fresh
    interpreter, which must then exit cleanly."""
    import os
    import subprocess
    import sys

    code = """
import datetime as dt, sys
from PySide6.QtWidgets import QApplication, QTableView
from tegdesk.core.i18n import translator
from tegdesk.ui.roster.model import RosterFilter, RosterTableModel
sys.path.insert(0, {tests!r})
from test_roster_filter import AS_OF, rows
app = QApplication([])
model = RosterTableModel(translator("en"))
proxy = RosterFilter()
proxy.setSourceModel(model)
view = QTableView()
view.setModel(proxy)
view.show()
model.set_rows(rows(300), AS_OF, {{}})
for i in range(400):
    proxy.set_filters(text="wang1"[: i % 5 + 1], period=("all", "current")[i % 2])
    app.processEvents()
print("typed")
""".format(tests=str(__import__("pathlib").Path(__file__).parent))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEGDESK_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "typed"), done.stderr[-1500:]
