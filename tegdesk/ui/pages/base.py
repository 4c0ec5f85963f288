"""What every page of the main window is, and the placeholder used until an
area's own issue lands.

A page is a ``QWidget`` subclass with:

- ``key``: a stable identifier ("roster"), used by the navigation and tests;
- ``title``: its navigation label, marked with ``N_`` and translated when shown;
- ``__init__(store, tr, parent=None)``;
- ``retranslate(tr)``: set every visible text again in ``tr``'s language;
- ``set_store(store)`` (optional to override): show another database;
- ``set_read_only(read_only)``: the database may not be changed (opened
  read-only: in use elsewhere, made by a newer tegdesk). The default remembers
  the flag in ``self.read_only`` (also set from ``store.read_only`` at
  construction); a page with editing actions overrides it to disable them
  (keeping views and exports) and calls ``super().set_read_only(read_only)``.
  The main window calls it after building each page. Dialogs a page opens get
  the flag too, and show without their Save buttons;
- ``save_pending()`` and ``unsaved_editor()`` (typed input is never lost): before
  the window closes, each page first saves what it saves as the user types
  (an editor waiting for a pause), then names an editor still holding changes
  (``None``: nothing); the window then shows it and asks Save / Discard / Cancel.
  Such an editor has ``has_unsaved_changes()``, ``save_changes() -> bool``
  (False: refused, what was typed kept) and ``discard_changes()``; the page's
  ``reveal(editor)`` brings it into view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlmodel import Session

from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store


def heading_label() -> QLabel:
    """The large bold title at the top of a page."""
    label = QLabel()
    label.setObjectName("heading")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


def page_layout(page: QWidget, *, count: bool = False) -> tuple[QVBoxLayout, QHBoxLayout]:
    """A page's layout, with its top line: the heading (``page.heading``), a stretch, and,
    with ``count``, the count of what the page lists at the right (``page.count_label``).
    The caller adds the rest of the top line and the page's body."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 16, 20, 12)
    layout.setSpacing(8)
    top = QHBoxLayout()
    page.heading = heading_label()
    top.addWidget(page.heading)
    top.addStretch(1)
    if count:
        page.count_label = QLabel()
        page.count_label.setObjectName("count")
        top.addWidget(page.count_label, 0, Qt.AlignmentFlag.AlignBottom)
    layout.addLayout(top)
    return layout, top


def search_box(min_width: int = 200) -> QLineEdit:
    """A page's search box (object name "search", with a clear button); its placeholder text is
    set in the page's ``retranslate``."""
    box = QLineEdit()
    box.setObjectName("search")
    box.setClearButtonEnabled(True)
    box.setMinimumWidth(min_width)
    return box


def search_and_filters(page: QWidget, names: Sequence[str], *, min_width: int = 200) -> QHBoxLayout:
    """One line: the search box (``page.search``), then a combo box per name (``page.<name>``,
    sized to its contents), as the roster and requests pages filter their lists."""
    row = QHBoxLayout()
    row.setSpacing(8)
    page.search = search_box(min_width)
    row.addWidget(page.search, 1)
    for name in names:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        setattr(page, name, combo)
        row.addWidget(combo)
    return row


class Page(QWidget):
    key: str = ""
    title: str = ""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"page_{self.key}")
        self.store = store
        self.translator = tr
        self.read_only = store.read_only

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr

    def set_store(self, store: Store) -> None:
        self.store = store
        self.read_only = store.read_only

    def set_read_only(self, read_only: bool) -> None:
        """Whether the database may be changed from this page (see the module doc)."""
        self.read_only = read_only

    def save_pending(self) -> None:
        """Save now what would be saved after a pause in typing (see the module doc)."""

    def unsaved_editor(self) -> QWidget | None:
        """An editor on this page holding changes not saved, or None (see the module doc)."""
        return None

    def reveal(self, editor: QWidget) -> None:
        """Bring ``editor`` (from :meth:`unsaved_editor`) into view."""


class PlaceholderPage(Page):
    """A heading, what the area will hold, a short overview from the database,
    and a note that the area comes in a later version.

    Subclasses set ``description`` (marked with ``N_``) and override
    :meth:`overview` to return ``(label, value)`` pairs (labels marked with ``N_``).
    """

    description: str = ""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)

        self.heading = heading_label()
        layout.addWidget(self.heading)

        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        layout.addWidget(self.description_label)

        self.overview_box = QGroupBox()
        self.overview_form = QFormLayout(self.overview_box)
        self.overview_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.overview_form.setHorizontalSpacing(24)
        self.overview_form.setVerticalSpacing(8)
        self.overview_form.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.overview_box)

        self.later_label = QLabel()
        self.later_label.setObjectName("later")
        self.later_label.setWordWrap(True)
        self.later_label.setStyleSheet(
            "QLabel#later { background: #eef4fb; border: 1px solid #c5d6ea; border-radius: 4px;"
            " padding: 10px 14px; color: #1f3550; }"
        )
        layout.addWidget(self.later_label)
        layout.addStretch(1)

        self.retranslate(tr)

    def overview(self, session: Session) -> list[tuple[str, int]]:
        """``(label msgid, count)`` pairs to show; none by default."""
        return []

    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self._fill_overview()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self._fill_overview()  # counts may have changed (import, CLI) since last shown
        super().showEvent(event)

    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        self.heading.setText(tr.gettext(self.title))
        self.description_label.setText(tr.gettext(self.description))
        self.overview_box.setTitle(tr.gettext("Overview of this database"))
        self.later_label.setText(tr.gettext(
            "This area comes in a later version of tegdesk. The records it will use are already "
            "kept in the database."
        ))
        self._fill_overview()

    def _fill_overview(self) -> None:
        tr = self.translator
        while self.overview_form.rowCount():
            self.overview_form.removeRow(0)
        with self.store.reader() as session:
            rows = self.overview(session)
        self.overview_box.setVisible(bool(rows))
        for label, value in rows:
            number = QLabel(tr.number(value))
            number.setObjectName("count")
            number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.overview_form.addRow(tr.gettext(label), number)
