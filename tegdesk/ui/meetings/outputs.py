"""The documents of a meeting, from the interface: previewed, printed, saved.

:class:`DocumentsButton` (in the meeting's header) has a menu of the meeting's
documents: the provisional agenda (plain or annotated), the note verbale to
Governments, the letter to experts, the list of participants, each opened in
the :class:`~tegdesk.ui.preview.PreviewDialog`, and the calendar entry (.ics),
saved through a file dialog. :func:`open_preview` is the one way the meeting
tabs open a document.

The preview builds with ``tegdesk.core.documents.meeting_export`` off the interface's
thread (:mod:`tegdesk.ui.preview`); Save as writes there too; the banner
lists what the document shows in English (or leaves out) for want of a
translation or a value, in the interface's language.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from tegdesk.core.documents.meeting_export import export_meeting_document, meeting_document
from tegdesk.core.documents.un import render_pdf
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, N_, Translator
from tegdesk.core.models import NoticeAudience
from tegdesk.core.progress import Progress
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.store import Store
from tegdesk.ui import messages, settings
from tegdesk.ui.preview import Choice, PreviewDialog, Rendered, Toggle

#: Where Save as and the calendar start: the folder used last (a setting).
FOLDER_SETTING = "documents_folder"


@dataclass(frozen=True)
class MeetingDocument:
    """One entry of the Documents menu: ``what`` for meeting_export, with its options."""

    key: str
    what: str
    name: str  # marked with N_
    file_stem: str
    annotated: bool = False
    audience: str = NoticeAudience.GOVERNMENTS


DOCUMENTS = (
    MeetingDocument("agenda", "agenda", N_("Provisional agenda"), "provisional-agenda"),
    MeetingDocument("annotated_agenda", "agenda", N_("Annotated provisional agenda"), "annotated-agenda",
                    annotated=True),
    MeetingDocument("note_verbale", "notice", N_("Note verbale to Governments"), "note-verbale"),
    MeetingDocument("letter", "notice", N_("Letter to experts"), "letter-to-experts",
                    audience=NoticeAudience.EXPERTS),
    MeetingDocument("participants", "participants", N_("List of participants"), "list-of-participants"),
)
AUDIENCE_CHOICES = ((N_("To Governments"), NoticeAudience.GOVERNMENTS.value),
                    (N_("To experts"), NoticeAudience.EXPERTS.value))


def documents_folder() -> Path:
    folder = Path(str(settings.get(FOLDER_SETTING) or Path.home()))
    return folder if folder.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    try:
        settings.put(FOLDER_SETTING, str(path.parent))
    except OSError:
        pass  # a convenience only


def _document(what: str, *, annotated: bool = False, audience: str = NoticeAudience.GOVERNMENTS) -> MeetingDocument:
    for doc in DOCUMENTS:
        if doc.what == what and doc.annotated == annotated and (what != "notice" or doc.audience == audience):
            return doc
    raise ValueError(what)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "meeting"


def document_languages(meeting: Any, ui_lang: str) -> tuple[list[str], str]:
    """Every language a document can be made in (the six UN languages), and the one to start with:
    the interface's if the meeting works in it, else the meeting's first."""
    languages = list(LANGUAGES)
    meeting_langs = [lang for lang in (getattr(meeting, "languages", None) or ["en"]) if lang in LANGUAGES]
    start = ui_lang if ui_lang in meeting_langs else (meeting_langs[0] if meeting_langs else "en")
    return languages, start


def open_preview(parent: QWidget | None, store: Store, tr: Translator, meeting_id: uuid.UUID, what: str, *,
                 lang: str | None = None, annotated: bool = False,
                 audience: str = NoticeAudience.GOVERNMENTS) -> PreviewDialog | None:
    """Preview one of the meeting's documents (``what``: agenda, notice, participants): built off the
    interface's thread with progress and Cancel, the dialog returned opens when the pages are ready."""
    _ = tr.gettext
    service = MeetingService(store)
    try:
        meeting = service.get(meeting_id)
    except UserError as exc:
        messages.warn(parent, _("Documents"), exc.text(tr))
        return None
    label = service.label(meeting.number)
    languages, start = document_languages(meeting, tr.lang)
    options: list[Toggle | Choice] = []
    if what == "agenda":
        options.append(Toggle("annotated", _("Annotated"), annotated))
    elif what == "notice":
        options.append(Choice("audience", "", tuple((_(text), value) for text, value in AUDIENCE_CHOICES),
                              default=str(audience)))

    def arguments(options_: dict[str, Any]) -> dict[str, Any]:
        return {"annotated": bool(options_.get("annotated", False)),
                "audience": options_.get("audience", NoticeAudience.GOVERNMENTS)}

    def build(doc_lang: str, options_: dict[str, Any], progress: Progress) -> Rendered:
        progress(0, 2)
        document, data = meeting_document(store, meeting_id, what, lang=doc_lang, **arguments(options_))
        progress(1, 2)
        pdf = render_pdf(document)
        progress.check()
        return Rendered(pdf, [f.text(tr) for f in data.fallbacks])

    def save(path: Path, doc_lang: str, options_: dict[str, Any], progress: Progress) -> None:
        export_meeting_document(store, meeting_id, what, path, lang=doc_lang, progress=progress,
                                **arguments(options_))

    def file_name(doc_lang: str, options_: dict[str, Any]) -> str:
        doc = _document(what, **arguments(options_))
        return f"{_slug(label)}-{doc.file_stem}-{doc_lang}.pdf"

    def title(doc_lang: str, options_: dict[str, Any]) -> str:
        return _("{document} — {meeting}", document=_(_document(what, **arguments(options_)).name), meeting=label)

    dialog = PreviewDialog(tr, title=title, build=build, save=save, languages=languages, lang=lang or start,
                           options=options, file_name=file_name, folder=documents_folder(), parent=parent)
    dialog.saved.connect(remember_folder)
    dialog.open_when_built()  # a refused build (the meeting removed meanwhile ...) says why instead
    return dialog


def save_calendar(parent: QWidget | None, store: Store, tr: Translator, meeting_id: uuid.UUID,
                  path: Path | None = None) -> Path | None:
    """Save the meeting as a calendar entry (.ics); asks where unless ``path`` is given."""
    _ = tr.gettext
    from tegdesk.core.interchange.ics import write_ics

    service = MeetingService(store)
    try:
        meeting = service.get(meeting_id)
        body = service.body()
    except UserError as exc:
        messages.warn(parent, _("Calendar"), exc.text(tr))
        return None
    if path is None:
        suggested = documents_folder() / f"{_slug(service.label(meeting.number))}.ics"
        name, _chosen = QFileDialog.getSaveFileName(parent, _("Save the meeting in a calendar file"), str(suggested),
                                                    _("Calendar file (*.ics)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".ics":
            path = path.with_suffix(".ics")
    try:
        write_ics(meeting, body, path, lang=document_languages(meeting, tr.lang)[1])
    except UserError as exc:
        messages.fail(parent, _("Not saved"), _("The calendar file could not be saved."), exc.text(tr))
        return None
    except OSError as exc:
        messages.fail(parent, _("Not saved"), _("The calendar file could not be saved."), exc.strerror or str(exc))
        return None
    remember_folder(path)
    return path


class DocumentsButton(QToolButton):
    """"Documents" with a menu of the meeting's documents (preview, print, save) and its calendar entry."""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.meeting_id: uuid.UUID | None = None
        self.dialog: PreviewDialog | None = None  # the preview opened last (kept for tests)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.setMenu(menu)
        self.actions_by_key = {}
        for doc in DOCUMENTS:
            action = menu.addAction("")
            action.setData(doc.key)
            action.triggered.connect(lambda _checked=False, d=doc: self.open_document(d.key))
            self.actions_by_key[doc.key] = action
        menu.addSeparator()
        self.calendar_action = menu.addAction("")
        self.calendar_action.triggered.connect(lambda _checked=False: self.save_calendar())
        self.retranslate(tr)
        self.refresh()

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.setText(_("Documents"))
        self.setToolTip(_("Preview, print or save the meeting's documents"))
        for doc in DOCUMENTS:
            self.actions_by_key[doc.key].setText(_("{document}…", document=_(doc.name)))
        self.calendar_action.setText(_("Calendar entry (.ics)…"))

    def refresh(self) -> None:
        self.setEnabled(self.meeting_id is not None)

    def open_document(self, key: str) -> PreviewDialog | None:
        """Preview one of the meeting's documents (``key`` of :data:`DOCUMENTS`)."""
        if self.meeting_id is None:
            return None
        doc = next(d for d in DOCUMENTS if d.key == key)
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = open_preview(self.window(), self.store, self.translator, self.meeting_id, doc.what,
                                   annotated=doc.annotated, audience=doc.audience)
        return self.dialog

    def save_calendar(self, path: Path | None = None) -> Path | None:
        if self.meeting_id is None:
            return None
        return save_calendar(self.window(), self.store, self.translator, self.meeting_id, path)
