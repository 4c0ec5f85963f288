"""The printed catalogue of the activities the list shows (B1), previewed, printed, saved as PDF.

:func:`open_catalogue_preview` is what the activities page's "Print catalogue…" calls with the
list's filter. The document's language is chosen in the preview, independently of the
interface's; the banner lists, in the interface's language, what the catalogue shows in English
for want of a translation. The catalogue is built by
:func:`tegdesk.core.documents.activity_catalogue.catalogue_pdf`, off the interface's thread with
progress and Cancel; a selection of more than :data:`PREVIEW_LIMIT` activities is refused with a
message (a preview of thousands of pages helps nobody): the list's filters narrow it, and
``tegdesk export activities OUT.pdf`` prints any number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.documents.activity_catalogue import TITLE, catalogue_pdf
from tegdesk.core.i18n import LANGUAGES, Translator
from tegdesk.core.progress import Progress
from tegdesk.core.store import Store
from tegdesk.ui.meetings.outputs import documents_folder, remember_folder
from tegdesk.ui.preview import PreviewDialog, Rendered

#: The most activities the preview builds (about 3 s); the command line has no limit.
PREVIEW_LIMIT = 2000


def open_catalogue_preview(parent: QWidget | None, store: Store, tr: Translator, f: ActivityFilter, *,
                           lang: str | None = None) -> PreviewDialog:
    """Preview the catalogue of the activities ``f`` selects (in ``lang``, else the interface's
    language): built off the interface's thread with progress and Cancel, the dialog returned opens
    when the pages are ready; when it cannot be built, a message says why instead."""
    _ = tr.gettext
    start = lang if lang in LANGUAGES else tr.lang

    def build(doc_lang: str, _options: dict[str, Any], progress: Progress) -> Rendered:
        progress(0, 1)
        catalogue = catalogue_pdf(store, f, doc_lang, limit=PREVIEW_LIMIT)
        progress.check()
        return Rendered(catalogue.pdf, [note.text(tr) for note in catalogue.notes])

    # Save as writes the pages shown, as they are
    dialog = PreviewDialog(tr, title=_(TITLE), build=build, languages=list(LANGUAGES), lang=start,
                           file_name=lambda doc_lang, _options: f"activity-catalogue-{doc_lang}.pdf",
                           formats=(".pdf",), folder=documents_folder(), parent=parent)
    dialog.setObjectName("catalogue_preview")
    dialog.saved.connect(remember_folder)
    dialog.open_when_built()
    return dialog
