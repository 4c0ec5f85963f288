"""A dialog that checks what the user enters against the rules while they type.

Each edit restarts a short timer (:data:`CHECK_DELAY_MS`); when it fires, the
dialog asks the service what would happen (``save=False``) and shows the
answer under the form: errors in red (Save is disabled while there are any),
warnings in amber, and the field each one concerns (``Violation.field``)
outlined, its label coloured and its tooltip set. Save runs the same action
with ``save=True``; if the service refuses anyway (the data changed meanwhile),
the dialog stays open with everything the user typed. A save the store refuses
(the disk is full, the database became read-only) is told in a message box
(:func:`tegdesk.ui.messages.show_error`) and keeps the form as it was too.

Typed input is never lost: closing a form whose fields differ from what it
showed when it opened (Cancel, Escape, the window's close button) asks to
Save, Discard or Cancel (:func:`tegdesk.ui.messages.ask_unsaved`). Any dialog
that edits data can inherit this from :class:`CheckedDialog`; the fields are
compared by :meth:`CheckedDialog.form_state`, which reads every input widget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import Outcome, RosterService
from tegdesk.ui import messages
from tegdesk.ui.roster.widgets import InfoLabel

CHECK_DELAY_MS = 200
ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"

_ERROR_STYLE = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"
_WARNING_STYLE = "border: 1px solid #d89b00; border-radius: 2px;"


class CheckedDialog(QDialog):
    def __init__(self, service: RosterService, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.tr = tr
        self.outcome: Outcome | None = None
        self.saved_outcome: Outcome | None = None
        self._edited = False
        self._highlighted: list[QWidget] = []
        self._highlighted_names: list[str] = []
        self._clean_state: tuple[Any, ...] | None = None  # the fields as the form opened
        self.unsaved_question: QWidget | None = None  # "Save the changes you made?" while it is asked
        self.setSizeGripEnabled(True)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.intro = InfoLabel()
        self.intro.setObjectName("intro")
        self.intro.hide()
        self.layout_.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(7)
        self.layout_.addLayout(self.form)

        self.preview = InfoLabel()
        self.preview.setObjectName("preview")
        self.preview.hide()
        self.layout_.addWidget(self.preview)
        self.errors_label = InfoLabel()
        self.errors_label.setObjectName("errors")
        self.errors_label.setStyleSheet(
            f"QLabel#errors {{ color: {ERROR_COLOUR}; background: #fdecea; border: 1px solid #f2b8b5;"
            " border-radius: 4px; padding: 6px 8px; }")
        self.errors_label.hide()
        self.warnings_label = InfoLabel()
        self.warnings_label.setObjectName("warnings")
        self.warnings_label.setStyleSheet(
            f"QLabel#warnings {{ color: {WARNING_COLOUR}; background: #fff6e0; border: 1px solid #f0d28a;"
            " border-radius: 4px; padding: 6px 8px; }")
        self.warnings_label.hide()
        self.layout_.addWidget(self.errors_label)
        self.layout_.addWidget(self.warnings_label)
        self.layout_.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr.gettext("Save"))
        self.save_button.setObjectName("save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr.gettext("Cancel"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check)

    # -- to implement --------------------------------------------------------
    def perform(self, save: bool) -> Outcome:
        """Run the action with the form's values (``save=False``: only check)."""
        raise NotImplementedError

    def fields(self) -> dict[str, QWidget]:
        """The rules' field names mapped to the widgets that edit them."""
        return {}

    def show_preview(self, outcome: Outcome) -> None:
        """Say what the action would record (new term dates ...); nothing by default."""

    # -- checking ------------------------------------------------------------
    def edited(self, *_args: Any) -> None:
        """Connected to every field: check again once the user pauses."""
        self._edited = True
        self.timer.start()

    def check(self) -> Outcome:
        self.timer.stop()
        outcome = self._run(save=False)
        self.show_outcome(outcome)
        return outcome

    def _run(self, save: bool) -> Outcome:
        try:
            return self.perform(save)
        except UserError as exc:  # the record changed under us (deleted ...)
            if save and isinstance(exc, DatabaseError):
                raise  # the store refused the write: save() tells it in a message box
            return Outcome(violations=[Violation("", "", exc.message, dict(exc.params))])

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        tr = self.tr
        errors = outcome.errors
        # Before the first edit, "the family name is required" would only nag: show the
        # rules of the terms of reference at once, the form's own checks once the user types.
        shown = errors if self._edited else [v for v in errors if v.rule]
        self.errors_label.setText("\n".join(f"• {v.text(tr)}" for v in shown))
        self.errors_label.setVisible(bool(shown))
        warnings = outcome.warnings
        self.warnings_label.setText("\n".join(f"• {v.text(tr)}" for v in warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.save_button.setEnabled(not errors)
        self._highlight(shown, warnings)
        self.show_preview(outcome)
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink) to show every message in full at the current width."""
        self.layout_.activate()
        needed = self.layout_.totalHeightForWidth(self.width()) if self.layout_.hasHeightForWidth() \
            else self.layout_.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _highlight(self, errors: list[Violation], warnings: list[Violation]) -> None:
        for widget in self._highlighted:
            widget.setStyleSheet("")
            widget.setToolTip("")
            label = self.form.labelForField(widget)
            if label is not None:
                label.setStyleSheet("")
        self._highlighted = []
        self._highlighted_names: list[str] = []
        widgets = self.fields()
        done: set[int] = set()
        for violations, style, colour in ((errors, _ERROR_STYLE, ERROR_COLOUR),
                                          (warnings, _WARNING_STYLE, WARNING_COLOUR)):
            for v in violations:
                widget = widgets.get(v.field or "")
                if widget is None:
                    continue
                if v.field not in self._highlighted_names:
                    self._highlighted_names.append(v.field or "")
                if id(widget) in done:
                    continue
                done.add(id(widget))
                widget.setStyleSheet(style)
                widget.setToolTip(v.text(self.tr))
                label = self.form.labelForField(widget)
                if label is not None:
                    label.setStyleSheet(f"color: {colour};")
                self._highlighted.append(widget)

    def highlighted_fields(self) -> list[str]:
        """The fields (as the rules name them) of the violations now outlined."""
        return list(self._highlighted_names)

    # -- saving ------------------------------------------------------------
    def save(self) -> bool:
        """Save with the form's values; on refusal the form stays open as it was."""
        self.timer.stop()
        try:
            outcome = self._run(save=True)
        except DatabaseError as exc:  # the store refused (disk full, read-only ...): nothing was saved
            messages.show_error(self, self.tr, exc)
            return False
        if outcome.saved:
            self.saved_outcome = outcome
            self.accept()
            return True
        self._edited = True  # show every reason now
        self.show_outcome(outcome)
        return False

    # -- unsaved changes -----------------------------------------------------
    def form_state(self) -> tuple[Any, ...]:
        """What every input of the form holds now (compared to tell unsaved changes)."""
        state: list[Any] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                state.append(widget.text())
            elif isinstance(widget, QComboBox):
                state.append((widget.currentIndex(), widget.currentText()))
            elif isinstance(widget, QAbstractSpinBox):
                state.append(widget.text())
            elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
                state.append(widget.toPlainText())
            elif isinstance(widget, QListWidget):
                state.append(tuple((widget.item(i).checkState().value, widget.item(i).isSelected())
                                   for i in range(widget.count())))
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                state.append(widget.isChecked())
        return tuple(state)

    def mark_clean(self) -> None:
        """Take the fields as they are now for the unchanged form (done when it is first shown;
        a form that fills itself in later calls it again)."""
        self._clean_state = self.form_state()

    def has_unsaved_changes(self) -> bool:
        return self._clean_state is not None and self.form_state() != self._clean_state

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self._clean_state is None:
            self.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when something typed would be lost."""
        if not self.has_unsaved_changes():
            super().reject()
            return
        if self.unsaved_question is None:
            self.unsaved_question = messages.ask_unsaved(self, self.tr, self._unsaved_answer)

    def _unsaved_answer(self, choice: str) -> None:
        self.unsaved_question = None
        if choice == "discard":
            super().reject()
        elif choice == "save":
            self.save()  # closes once saved; a refusal shows why and keeps the form
        # "cancel": keep editing


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("section")
    label.setStyleSheet("QLabel#section { font-weight: bold; margin-top: 6px; }")
    return label
