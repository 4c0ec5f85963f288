"""The year's figures as numbers: requests, activities, results and funding, side by side.

Each value is a label named ``figure_<key>`` (tests and screen readers find it); the
texts are set again in the interface's language by :meth:`FiguresSummary.show`.
"""

from __future__ import annotations

from babel.numbers import format_percent
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from tegdesk.core.i18n import NC_, N_, Translator
from tegdesk.core.reports import BspFigures
from tegdesk.core.reports.labels import days_text

__all__ = ["GROUPS", "FiguresSummary"]

NONE = "–"

#: (group title, [(key, label)]) in the order shown
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (N_("Requests"), (
        ("received", N_("Received in the year")),
        ("answered", NC_("requests counted", "Answered")),
        ("declined", NC_("requests counted", "Declined")),
        ("withdrawn", NC_("requests counted", "Withdrawn")),
        ("open_at_end", N_("Open at the end of the year")),
        ("median_days", N_("Median processing time")),
        ("gaps", N_("Received with no activity linked")),
    )),
    (N_("Activities"), (
        ("activities", N_("Activities of the year")),
        ("cancelled", N_("Cancelled (not counted)")),
        ("countries", N_("Recipient countries")),
        ("south_south", N_("South–South cooperation")),
        ("areas", N_("Thematic areas addressed")),
    )),
    (N_("Results and funding"), (
        ("trained", N_("Participants trained")),
        ("women_share", N_("Women among them")),
        ("with_results", N_("Activities with results")),
        ("assessed", N_("Assessed by the Government")),
        ("budget", N_("Budget")),
        ("cost", N_("Costs recorded")),
    )),
)


def figure_values(figures: BspFigures, tr: Translator) -> dict[str, str]:
    """Every summary value of ``figures`` as text in ``tr``'s language."""
    f = figures
    n = tr.number
    median = days_text(f.median_days, tr) if f.median_days is not None else NONE
    money = f.money[:2]  # the two most used currencies; the report lists them all
    return {
        "received": n(f.received), "answered": n(f.answered), "declined": n(f.declined),
        "withdrawn": n(f.withdrawn), "open_at_end": n(f.open_at_end), "median_days": median, "gaps": n(f.gaps),
        "activities": n(f.activities), "cancelled": n(f.cancelled), "countries": n(len(f.by_country)),
        "south_south": n(f.south_south), "areas": n(len(f.by_thematic)),
        "trained": n(f.trained),
        "women_share": format_percent(f.women_share, locale=tr.locale) if f.women_share is not None else NONE,
        "with_results": n(f.with_results), "assessed": n(f.with_assessment),
        "budget": "\n".join(tr.money(m.budget, m.currency) for m in money) or NONE,
        "cost": "\n".join(tr.money(m.cost, m.currency) for m in money) or NONE,
    }


class FiguresSummary(QWidget):
    """Three boxes of figures: requests, activities, results and funding."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.boxes: list[QGroupBox] = []
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for title, rows in GROUPS:
            box = QGroupBox()
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            form.setHorizontalSpacing(18)
            form.setVerticalSpacing(6)
            for key, _label in rows:
                label = QLabel()
                value = QLabel()
                value.setObjectName(f"figure_{key}")
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                font = value.font()
                font.setBold(True)
                value.setFont(font)
                label.setBuddy(value)
                form.addRow(label, value)
                self.labels[key] = label
                self.values[key] = value
            self.boxes.append(box)
            layout.addWidget(box, 1, Qt.AlignmentFlag.AlignTop)

    def show_figures(self, figures: BspFigures, tr: Translator) -> None:
        for box, (title, rows) in zip(self.boxes, GROUPS, strict=True):
            box.setTitle(tr.gettext(title))
            for key, label in rows:
                self.labels[key].setText(tr.gettext(label))
        for key, text in figure_values(figures, tr).items():
            self.values[key].setText(text)

    def value(self, key: str) -> str:
        return self.values[key].text()
