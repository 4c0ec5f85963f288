"""The Notices tab of a meeting: the wording of the meeting notices, kept in the database.

Two notices per language (``tegdesk.core.documents.notice_templates``): the
note verbale to Governments and the letter to experts. The user picks one and a
language, edits the text, inserts placeholders by clicking them in the list,
and saves. A text with an unknown or malformed placeholder is refused with the
reason, as the user types and again at Save, and the text stays as typed.
"Reset to the default wording" puts back tegdesk's wording after confirmation;
Preview shows the notice of the meeting chosen on the page.

The templates belong to the body, not to one meeting: the meeting only matters
for the preview.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.documents import notice_templates as notices
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, N_, Translator
from tegdesk.core.models import NoticeAudience
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.roster import participants as shared
from tegdesk.ui.preview import banner
from tegdesk.ui.roster.checked import CHECK_DELAY_MS, section_label
from tegdesk.ui.roster.widgets import InfoLabel

#: What each notice is called in the interface.
AUDIENCE_NAMES = {
    NoticeAudience.GOVERNMENTS: N_("Note verbale to Governments"),
    NoticeAudience.EXPERTS: N_("Letter to experts"),
}

class NoticesTab(QWidget):
    """Edit the notice templates of the body: one notice, one language at a time."""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notices_tab")
        self.store = store
        self.translator = tr
        self.meeting_id: uuid.UUID | None = None
        self.saved_text = ""  # the text in the database for the notice shown
        self._shown: tuple[str, str] | None = None  # (audience, lang) in the editor
        self.preview_dialog = None  # the last preview opened (kept for tests)
        self.unsaved_question = None  # "Save the changes you made?" while it is asked

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        self.intro = InfoLabel()
        self.intro.setObjectName("intro")
        layout.addWidget(self.intro)

        top = QHBoxLayout()
        self.audience = QComboBox()
        self.audience.setObjectName("audience")
        self.language = QComboBox()
        self.language.setObjectName("template_language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(tr.lang), 0))  # the user's language first
        self.audience_label = QLabel()
        self.audience_label.setBuddy(self.audience)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        for widget in (self.audience_label, self.audience, self.language_label, self.language):
            top.addWidget(widget)
        top.addStretch(1)
        self.state_label = QLabel()
        self.state_label.setObjectName("state")
        top.addWidget(self.state_label)
        layout.addLayout(top)

        self.fallback_label = banner("fallback")
        layout.addWidget(self.fallback_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("template_text")
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.editor.setFont(font)
        splitter.addWidget(self.editor)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.placeholders_label = section_label("")
        side_layout.addWidget(self.placeholders_label)
        self.placeholders_help = InfoLabel()
        side_layout.addWidget(self.placeholders_help)
        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholders")
        self.placeholders.setWordWrap(True)
        self.placeholders.setCursor(Qt.CursorShape.PointingHandCursor)
        self.placeholders.setStyleSheet("QListWidget#placeholders::item { padding: 4px 2px;"
                                        " border-bottom: 1px solid palette(midlight); }")
        side_layout.addWidget(self.placeholders, 1)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.error_label = banner("errors", "error")
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("revert")
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("reset")
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("preview")
        for button in (self.save_button, self.revert_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check)
        self.editor.textChanged.connect(self._edited)
        self.placeholders.itemClicked.connect(self._insert_item)
        self.audience.currentIndexChanged.connect(lambda _i: self._switch())
        self.language.currentIndexChanged.connect(lambda _i: self._switch())
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button.clicked.connect(lambda: self.revert())
        self.reset_button.clicked.connect(lambda: self.reset_to_default())
        self.preview_button.clicked.connect(lambda: self.preview())

        self.retranslate(tr)
        self.load()

    # -- the contract with the meeting detail -----------------------------------------
    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self._update_buttons()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self.load()

    def refresh(self) -> None:
        """Read the template again, unless the user is editing it."""
        if not self.is_modified():
            self.load()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.intro.setText(_("The wording of the meeting notices, for every meeting of the group. Click a "
                             "placeholder to insert it where the cursor is; it is replaced by the meeting's "
                             "details when a notice is made."))
        self.audience_label.setText(_("Notice:"))
        self.language_label.setText(_("Language:"))
        current = self.audience.currentData()
        self.audience.blockSignals(True)
        self.audience.clear()
        for audience, name in AUDIENCE_NAMES.items():
            self.audience.addItem(_(name), audience.value)
        self.audience.setCurrentIndex(max(self.audience.findData(current), 0))
        self.audience.blockSignals(False)
        self.placeholders_label.setText(_("Placeholders"))
        self.placeholders_help.setText(_("Click one to insert it."))
        self.placeholders.clear()
        for name, description in notices.PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}\n{_(description)}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(_("Insert {placeholder}", placeholder="{" + name + "}"))
            self.placeholders.addItem(item)
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Undo changes"))
        self.reset_button.setText(_("Reset to the default wording…"))
        self.preview_button.setText(_("Preview…"))
        self._show_fallback()
        self._show_state()
        self._update_buttons()
        if self.error_label.isVisible():
            self.check()

    # -- reading and editing ----------------------------------------------------------
    def current(self) -> tuple[str, str]:
        """The notice shown: (audience, language)."""
        return self.audience.currentData(), self.language.currentData()

    def body_id(self) -> uuid.UUID:
        return MeetingService(self.store).body_id

    def load(self) -> None:
        """Show the notice chosen, as kept in the database (the default wording if none)."""
        audience, lang = self.current()
        try:
            text = notices.template_for(self.store, self.body_id(), audience, lang)
        except UserError as exc:
            messages.fail(self, self.translator.gettext("Notices"), exc.text(self.translator))
            text = ""
        self.saved_text = text
        self._shown = (audience, lang)
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.timer.stop()
        self.error_label.hide()
        self._show_fallback()
        self._show_state()
        self._update_buttons()

    def text(self) -> str:
        return self.editor.toPlainText()

    def is_modified(self) -> bool:
        return self._shown is not None and self.text() != self.saved_text

    def insert_placeholder(self, name: str) -> None:
        """Type ``{name}`` where the cursor is (replacing a selection)."""
        cursor = self.editor.textCursor()
        cursor.insertText("{" + name + "}")
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def _insert_item(self, item: QListWidgetItem) -> None:
        if not self.store.read_only:
            self.insert_placeholder(item.data(Qt.ItemDataRole.UserRole))

    def _edited(self) -> None:
        self.timer.start()
        self._show_state()
        self._update_buttons()

    def check(self) -> str | None:
        """The reason the text would be refused, shown under it; None when it is fine."""
        self.timer.stop()
        try:
            notices.check_template(self.text())
        except UserError as exc:
            problem = exc.text(self.translator)
            self.error_label.setText(problem)
            self.error_label.show()
            self._update_buttons(problem)
            return problem
        self.error_label.hide()
        self._update_buttons(None)
        return None

    def _switch(self) -> None:
        """The user chose another notice or language: if what was typed would be lost, ask first
        (Save, Discard or Cancel) and stay on the notice shown until answered."""
        wanted = self.current()
        if self._shown is None or self._shown == wanted or not self.is_modified():
            self.load()
            return
        shown = self._shown
        self._show_combos(*shown)
        if self.unsaved_question is None:
            self.unsaved_question = messages.ask_unsaved(
                self, self.translator, lambda choice: self._switch_answer(choice, shown, wanted))

    def _switch_answer(self, choice: str, shown: tuple[str, str], wanted: tuple[str, str]) -> None:
        self.unsaved_question = None
        if choice == "cancel" or (choice == "save" and not self.save(audience_lang=shown)):
            return
        self._show_combos(*wanted)
        self.load()

    def _show_combos(self, audience: str, lang: str) -> None:
        for combo, value in ((self.audience, audience), (self.language, lang)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)

    def has_unsaved_changes(self) -> bool:
        """Whether leaving now would lose what was typed (the page asks before closing)."""
        return self.is_modified()

    def save_changes(self) -> bool:
        return self.save()

    def discard_changes(self) -> None:
        self.revert()

    # -- actions ----------------------------------------------------------------------
    def save(self, *, audience_lang: tuple[str, str] | None = None) -> bool:
        """Keep the text as the wording of the notice; refused (text kept) when a placeholder is wrong."""
        audience, lang = audience_lang or self.current()
        self.timer.stop()
        try:
            notices.save_template(self.store, self.body_id(), audience, lang, self.text())
        except UserError as exc:
            self.error_label.setText(exc.text(self.translator))
            self.error_label.show()
            self._update_buttons(exc.text(self.translator))
            return False
        self.saved_text = self.text()
        self.error_label.hide()
        self._show_fallback()
        self._show_state()
        self._update_buttons(None)
        return True

    def revert(self) -> None:
        """Drop what was typed since the last save."""
        self.load()

    def reset_to_default(self) -> bool:
        """Put back tegdesk's wording for this notice and language, once the user confirms."""
        _ = self.translator.gettext
        audience, lang = self.current()
        if not shared.confirm(self, _("Reset to the default wording"),
                              _("Replace the wording of this notice in {language} with tegdesk's default "
                                "wording? Your wording is lost.", language=LANGUAGES.get(lang, lang)),
                              _("Reset"), _("Cancel")):
            return False
        try:
            text = notices.reset_template(self.store, self.body_id(), audience, lang)
        except UserError as exc:
            messages.fail(self, _("Not reset"), exc.text(self.translator))
            return False
        self.saved_text = text
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.error_label.hide()
        self._show_fallback()
        self._show_state()
        self._update_buttons(None)
        return True

    def preview(self):
        """The notice of the chosen meeting, as it would be printed. The preview uses the saved
        wording: with changes typed, the user is asked to save (or discard) them first."""
        if self.meeting_id is None:
            return None
        if self.is_modified():
            if self.unsaved_question is None:
                self.unsaved_question = messages.ask_unsaved(self, self.translator, self._preview_answer)
            return None
        from tegdesk.ui.meetings.outputs import open_preview

        audience, lang = self.current()
        self.preview_dialog = open_preview(self, self.store, self.translator, self.meeting_id, "notice",
                                           lang=lang, audience=audience)
        return self.preview_dialog

    def _preview_answer(self, choice: str) -> None:
        self.unsaved_question = None
        if choice == "cancel" or (choice == "save" and not self.save()):
            return
        if choice == "discard":
            self.load()
        self.preview()

    # -- display ----------------------------------------------------------------------
    def _show_fallback(self) -> None:
        """Say when a language has no default wording of its own (English is offered to start from)."""
        _ = self.translator.gettext
        audience, lang = self.current()
        english = not notices.has_default(lang) and self.saved_text == notices.default_template(audience, "en")
        self.fallback_label.setText(_("tegdesk has no default wording in {language}: the English wording is "
                                      "shown for you to translate.", language=LANGUAGES.get(lang, lang)))
        self.fallback_label.setVisible(english)

    def _show_state(self) -> None:
        _ = self.translator.gettext
        self.state_label.setText(_("Unsaved changes") if self.is_modified() else "")

    def _update_buttons(self, problem: str | None | bool = False) -> None:
        _ = self.translator.gettext
        writable = not self.store.read_only
        modified = self.is_modified()
        refused = self.error_label.isVisible() if problem is False else bool(problem)
        self.editor.setReadOnly(not writable)
        self.save_button.setEnabled(writable and modified and not refused)
        self.revert_button.setEnabled(modified)
        self.reset_button.setEnabled(writable)
        self.preview_button.setEnabled(self.meeting_id is not None)
        self.preview_button.setToolTip("" if self.meeting_id is not None
                                       else _("Choose a meeting to preview its notice."))
        self.placeholders.setEnabled(writable)
