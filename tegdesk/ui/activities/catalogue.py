"""The printed catalogue of the activities the list shows (B1), previewed, printed, saved as PDF.

:func:`open_catalogue_preview` is what the activities page's "Print catalogue…" calls with the
list's filter. The document's language is chosen in the preview, independently of the
interface's; the banner lists, in the interface's language, what the catalogue shows in English
for want of a translation. The catalogue is built by
:func:`tegdesk.core.documents.activity_catalogue.catalogue_pdf`; a selection of more than
:data:`PREVIEW_LIMIT` activities is refused with a message (building it would hold the window for
long): the list's filters narrow it, and ``tegdesk export activities OUT.pdf`` prints any number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.documents.activity_catalogue import TITLE, Catalogue, catalogue_pdf
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, Translator
from tegdesk.core.interchange.tables import write_bytes_atomically
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.meetings.outputs import documents_folder, remember_folder
from tegdesk.ui.preview import PreviewDialog, Rendered

#: The most activities the preview builds (about 3 s); the command line has no limit.
PREVIEW_LIMIT = 2000


def open_catalogue_preview(parent: QWidget | None, store: Store, tr: Translator, f: ActivityFilter, *,
                           lang: str | None = None) -> PreviewDialog | None:
    """Open the preview of the catalogue of the activities ``f`` selects (in ``lang``, else the
    interface's language); ``None``, after saying why, when it cannot be built."""
    _ = tr.gettext
    start = lang if lang in LANGUAGES else tr.lang
    try:
        first = _built(store, f, start)
    except UserError as exc:
        messages.warn(parent, _(TITLE), exc.text(tr))
        return None
    built: dict[str, Catalogue] = {start: first}  # the first build is not made twice
    holder: dict[str, PreviewDialog] = {}

    def build(doc_lang: str, _options: dict[str, Any]) -> Rendered:
        catalogue = built.pop(doc_lang, None) or _built(store, f, doc_lang)
        return Rendered(catalogue.pdf, [note.text(tr) for note in catalogue.notes])

    def save(path: Path, _doc_lang: str, _options: dict[str, Any]) -> None:
        write_bytes_atomically(path, holder["dialog"].pdf)  # the pages shown, as they are
        remember_folder(path)

    dialog = PreviewDialog(tr, title=_(TITLE), build=build, save=save, languages=list(LANGUAGES), lang=start,
                           file_name=lambda doc_lang, _options: f"activity-catalogue-{doc_lang}.pdf",
                           formats=(".pdf",), folder=documents_folder(), parent=parent)
    holder["dialog"] = dialog
    dialog.setObjectName("catalogue_preview")
    dialog.open()
    return dialog


def _built(store: Store, f: ActivityFilter, lang: str) -> Catalogue:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return catalogue_pdf(store, f, lang, limit=PREVIEW_LIMIT)
    finally:
        QGuiApplication.restoreOverrideCursor()
