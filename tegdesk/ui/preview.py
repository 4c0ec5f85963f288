"""Preview, print and save any document tegdesk builds as a PDF.

:class:`PreviewDialog` knows nothing of agendas or rosters: it takes a callable
that builds the PDF for a document language and a set of options, and
(optionally) one that saves the document to a path in PDF or DOCX. It shows the
pages with QtPdf, lets the user switch the document's language (independently of
the interface's), toggle the document's own options (``Toggle``, ``Choice``),
zoom and move between pages; it prints through Qt's print dialog and saves
through a file dialog. When the builder reports texts that fell back to English
(``Rendered.notes``), a banner says so above the pages.

Building and saving run off the interface's thread (:func:`tegdesk.ui.tasks.run_task`:
a progress bar and Cancel over the window): ``build(lang, options, progress)`` and
``save(path, lang, options, progress)`` are called in a worker thread and must hand back
plain values (bytes, a :class:`Rendered`), never ORM objects. The first build is made
before the dialog shows (:meth:`PreviewDialog.open_when_built`): the pages appear when
they are ready; a refused first build is a message over the window instead, and a
cancelled one shows nothing. A later build (another language or option) keeps the pages
shown until the new ones are ready; cancelled, the choices go back to the pages shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, Translator
from tegdesk.core.interchange.tables import write_bytes_atomically
from tegdesk.core.progress import Progress
from tegdesk.ui import messages
from tegdesk.ui.roster.checked import ERROR_COLOUR, WARNING_COLOUR
from tegdesk.ui.roster.widgets import InfoLabel
from tegdesk.ui.tasks import Task, run_task, show_task_error

#: Zoom choices: a mode for the two fitted views, else a factor.
FIT_WIDTH = "fit_width"
FIT_PAGE = "fit_page"
ZOOM_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
#: Pages are rendered for the printer at its resolution, but no finer than this
#: (an A4 page at 600 dpi is a 140 MB image already).
MAX_PRINT_DPI = 600
#: Notes the banner lists before "… and N more".
MAX_NOTES_SHOWN = 4
#: The formats Save as offers, in this order.
SAVE_FORMATS = (".pdf", ".docx")


@dataclass
class Rendered:
    """A built document: its PDF, and notes for the banner (already translated
    in the interface's language), e.g. "Item 3 has no Chinese title"."""

    pdf: bytes
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Toggle:
    """A yes/no option of the document (e.g. the annotated agenda)."""

    key: str
    label: str
    default: bool = False


@dataclass(frozen=True)
class Choice:
    """An option with a few values (e.g. the notice's audience): ``choices`` as ``(text, value)``."""

    key: str
    label: str
    choices: tuple[tuple[str, Any], ...]
    default: Any = None


Option = Toggle | Choice
#: ``build(lang, options, progress)`` returns the PDF (bytes) or a :class:`Rendered` (in a worker thread).
BuildPdf = Callable[[str, dict[str, Any], Progress], "Rendered | bytes"]
#: ``save(path, lang, options, progress)`` writes the document to ``path`` (.pdf or .docx), whole or
#: not at all (in a worker thread; :class:`~tegdesk.core.progress.Cancelled` before it writes).
SaveDocument = Callable[[Path, str, dict[str, Any], Progress], Any]
#: The file name offered by Save as (without the folder), or the title, for ``(lang, options)``.
FileName = Callable[[str, dict[str, Any]], str]


#: Colours of a banner: text, background, border.
BANNER_COLOURS = {"warning": (WARNING_COLOUR, "#fff6e0", "#f0d28a"), "error": (ERROR_COLOUR, "#fdecea", "#f2b8b5")}


def banner(name: str, kind: str = "warning") -> InfoLabel:
    """A hidden, word-wrapped message strip (amber for warnings, red for errors), named ``name``."""
    colour, background, border = BANNER_COLOURS[kind]
    label = InfoLabel()
    label.setObjectName(name)
    label.setStyleSheet(f"QLabel#{name} {{ color: {colour}; background: {background}; border: 1px solid {border};"
                        " border-radius: 4px; padding: 6px 8px; }")
    label.hide()
    return label


class PreviewDialog(QDialog):
    """The pages of one document, with its language, its options, zoom, Print and Save as."""

    #: The pages of a build are shown.
    built = Signal()
    #: A file was written by Save as: its path.
    saved = Signal(object)

    def __init__(self, tr: Translator, *, title: str | FileName, build: BuildPdf, save: SaveDocument | None = None,
                 languages: Sequence[str] = ("en",), lang: str | None = None, options: Sequence[Option] = (),
                 file_name: str | FileName = "document", formats: Sequence[str] = SAVE_FORMATS,
                 folder: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.tr = tr
        self.build = build
        self.save = save
        self.file_name = file_name
        self.formats = [f for f in formats if f in SAVE_FORMATS] if save is not None else [".pdf"]
        self.folder = folder or Path.home()
        self.pdf: bytes = b""
        self.notes: list[str] = []
        self.saved_path: Path | None = None  # the last file written by Save as (kept for tests)
        self.task: Task | None = None  # the build or save under way
        self._build_again = False  # the choices changed while a build ran
        self._open_when_built = False
        self._shown_choices: tuple[str, dict[str, Any]] | None = None  # the language and options of the pages
        self.title = title
        self.setObjectName("preview_dialog")
        self.setWindowTitle(title if isinstance(title, str) else "")
        self.setSizeGripEnabled(True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.language = QComboBox()
        self.language.setObjectName("document_language")
        for code in languages:
            self.language.addItem(LANGUAGES.get(code, code), code)
        self.language.setCurrentIndex(max(self.language.findData(lang or languages[0]), 0))
        language_label = QLabel(_("Language of the document:"))
        language_label.setBuddy(self.language)
        bar.addWidget(language_label)
        bar.addWidget(self.language)
        self.option_widgets: dict[str, QCheckBox | QComboBox] = {}
        for option in options:
            bar.addSpacing(12)
            if isinstance(option, Toggle):
                box = QCheckBox(option.label)
                box.setChecked(option.default)
                box.toggled.connect(lambda _on: self.rebuild())
                self.option_widgets[option.key] = box
                bar.addWidget(box)
            else:
                combo = QComboBox()
                for text, value in option.choices:
                    combo.addItem(text, value)
                values = [value for _text, value in option.choices]
                combo.setCurrentIndex(values.index(option.default) if option.default in values else 0)
                combo.currentIndexChanged.connect(lambda _i: self.rebuild())
                self.option_widgets[option.key] = combo
                if option.label:
                    label = QLabel(option.label)
                    label.setBuddy(combo)
                    bar.addWidget(label)
                bar.addWidget(combo)
            self.option_widgets[option.key].setObjectName(f"option_{option.key}")
        bar.addStretch(1)
        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        self.zoom.addItem(_("Fit width"), FIT_WIDTH)
        self.zoom.addItem(_("Whole page"), FIT_PAGE)
        for factor in ZOOM_FACTORS:
            self.zoom.addItem(tr.gettext("{percent}%", percent=tr.number(round(factor * 100))), factor)
        self.zoom.setToolTip(_("Zoom"))
        self.zoom.setAccessibleName(_("Zoom"))
        bar.addWidget(self.zoom)
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("previous_page")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setToolTip(_("Previous page"))
        self.next_button = QToolButton()
        self.next_button.setObjectName("next_page")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip(_("Next page"))
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        layout.addLayout(bar)

        self.notes_label = banner("fallback")
        self.error_label = banner("problem", "error")
        layout.addWidget(self.notes_label)
        layout.addWidget(self.error_label)

        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pages")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setStyleSheet("QPdfView#pages { background: #8a8f96; }")
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print")
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.setObjectName("save_as")
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("close")
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.print_button.clicked.connect(lambda: self.print_document())
        self.save_button.clicked.connect(lambda: self.save_as())
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_as)
        self.language.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.zoom.currentIndexChanged.connect(lambda _i: self._apply_zoom())
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        # bound methods, not lambdas: Qt disconnects them before the dialog's children go
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.document.pageCountChanged.connect(self._show_page_number)

        self.resize(900, 860)
        self.rebuild()

    # -- state ------------------------------------------------------------------------
    def lang(self) -> str:
        return self.language.currentData()

    def set_language(self, lang: str) -> None:
        """Show the document in ``lang`` (rebuilds it)."""
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))

    def options(self) -> dict[str, Any]:
        return {key: (w.isChecked() if isinstance(w, QCheckBox) else w.currentData())
                for key, w in self.option_widgets.items()}

    def set_option(self, key: str, value: Any) -> None:
        widget = self.option_widgets[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setCurrentIndex(max(next((i for i in range(widget.count()) if widget.itemData(i) == value), 0), 0))

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """The page shown, from 0."""
        return self.view.pageNavigator().currentPage()

    # -- building ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A build or a save is under way."""
        return self.task is not None

    def open_when_built(self) -> None:
        """Open the dialog (window-modal) once the first build is shown; if that build is refused,
        say why over the window instead (the dialog is not shown); if cancelled, show nothing."""
        self._open_when_built = True
        if self._shown_choices is not None and not self.busy:
            self.open()

    def _task_parent(self) -> QWidget | None:
        return self if self.isVisible() else self.parentWidget()

    def rebuild(self) -> Task:
        """Build the document for the chosen language and options, off the interface's thread,
        and show it when it is ready.

        If the builder refuses (a :class:`UserError`), the message shows in red and
        the pages shown before stay; cancelled, the choices go back to the pages shown."""
        if self.task is not None:
            self._build_again = True  # built once this one ends, with the choices of then
            return self.task
        lang, options = self.lang(), self.options()
        if callable(self.title):
            self.setWindowTitle(self.title(lang, options))
        build = self.build
        self.task = run_task(self._task_parent(), self.windowTitle(),
                             lambda progress: build(lang, options, progress), tr=self.tr,
                             on_done=lambda result: self._built(result, lang, options),
                             on_error=self._build_refused, on_cancel=self._build_cancelled)
        return self.task

    def _built(self, result: Rendered | bytes, lang: str, options: dict[str, Any]) -> None:
        self.task = None
        if self._build_again:
            self._build_again = False
            if (lang, options) != (self.lang(), self.options()):
                self.rebuild()
                return
        page = self.current_page()
        rendered = result if isinstance(result, Rendered) else Rendered(bytes(result))
        self.error_label.hide()
        self.pdf, self.notes = rendered.pdf, list(rendered.notes)
        self._shown_choices = (lang, dict(options))
        self._show_notes()
        self._load(self.pdf)
        self.go_to_page(min(page, self.page_count() - 1))
        if self._open_when_built and not self.isVisible():
            self.open()
        self.built.emit()

    def _build_refused(self, exc: BaseException) -> None:
        self.task = None
        self._build_again = False
        first = self._shown_choices is None
        if first and self._open_when_built:  # nothing to show: say why over the window
            if isinstance(exc, UserError):
                messages.warn(self.parentWidget(), self.windowTitle(), exc.text(self.tr))
            else:
                show_task_error(self.parentWidget(), self.tr, self.windowTitle(), exc)
            return
        if isinstance(exc, UserError):
            self.error_label.setText(exc.text(self.tr))
            self.error_label.show()
        else:
            show_task_error(self._task_parent(), self.tr, self.windowTitle(), exc)

    def _build_cancelled(self) -> None:
        self.task = None
        self._build_again = False
        if self._shown_choices is not None:
            self._show_choices(*self._shown_choices)

    def _show_choices(self, lang: str, options: dict[str, Any]) -> None:
        """Put the language and option widgets back to ``lang`` and ``options`` without building."""
        widgets = [self.language, *self.option_widgets.values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.set_language(lang)
            for key, value in options.items():
                self.set_option(key, value)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        if callable(self.title):
            self.setWindowTitle(self.title(lang, options))

    def _show_notes(self) -> None:
        """The builder's notes in the banner: the first few, the rest in its tooltip."""
        lines = [f"• {note}" for note in self.notes]
        shown = lines if len(lines) <= MAX_NOTES_SHOWN else lines[:MAX_NOTES_SHOWN - 1] + [
            self.tr.ngettext("… and {count} more (point here to see them all)",
                             "… and {count} more (point here to see them all)",
                             len(lines) - MAX_NOTES_SHOWN + 1, count=self.tr.number(len(lines) - MAX_NOTES_SHOWN + 1))]
        self.notes_label.setText("\n".join(shown))
        self.notes_label.setToolTip("\n".join(lines) if len(shown) < len(lines) else "")
        self.notes_label.setVisible(bool(lines))

    def _load(self, pdf: bytes) -> None:
        old = self._buffer
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer  # the document reads from it: keep it while shown
        if old is not None:
            old.deleteLater()
        self.print_button.setEnabled(self.page_count() > 0)
        self._apply_zoom()
        self._show_page_number()

    # -- viewing ----------------------------------------------------------------------
    def _apply_zoom(self) -> None:
        value = self.zoom.currentData()
        if value == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif value == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(value))

    def set_zoom(self, value: str | float) -> None:
        """``FIT_WIDTH``, ``FIT_PAGE`` or one of :data:`ZOOM_FACTORS`."""
        self.zoom.setCurrentIndex(max(next((i for i in range(self.zoom.count()) if self.zoom.itemData(i) == value),
                                           0), 0))

    def go_to_page(self, page: int) -> None:
        if self.page_count() == 0:
            return
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page_number()

    def _show_page_number(self, *_args: Any) -> None:
        count = self.page_count()
        page = min(self.current_page(), count - 1) + 1 if count else 0
        self.page_label.setText(self.tr.gettext("Page {page} of {count}", page=self.tr.number(page),
                                                count=self.tr.number(count)))
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(0 < page < count)

    # -- printing ---------------------------------------------------------------------
    def printer(self) -> QPrinter:
        """A printer set up for this document: its name, its first page's orientation."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if self.page_count():
            size = self.document.pagePointSize(0)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape if size.width() > size.height()
                                       else QPageLayout.Orientation.Portrait)
        return printer

    def print_document(self) -> bool:
        """Ask where and what to print (Qt's print dialog), then print."""
        if not self.page_count():
            return False
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr.gettext("Print {title}", title=self.windowTitle()))
        dialog.setMinMax(1, self.page_count())
        dialog.setFromTo(1, self.page_count())
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def pages_to_print(self, printer: QPrinter) -> list[int]:
        """The pages (from 0) the printer's range asks for: all, from-to, or the page shown."""
        count = self.page_count()
        mode = printer.printRange()
        if mode == QPrinter.PrintRange.CurrentPage:
            return [self.current_page()]
        if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(printer.fromPage(), 1)
            last = min(printer.toPage() or count, count)
            return list(range(first - 1, last))
        return list(range(count))

    def print_to(self, printer: QPrinter) -> bool:
        """Draw the chosen pages on ``printer``: each page rendered at the printer's
        resolution and fitted, centred, into its printable area."""
        pages = self.pages_to_print(printer)
        if not pages:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            messages.fail(self, self.windowTitle(), self.tr.gettext("The printer could not be started."))
            return False
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            scale = printer.resolution() / dpi  # printer pixels per rendered pixel
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                area = printer.pageLayout().paintRectPixels(printer.resolution())
                points = self.document.pagePointSize(page)
                fit = min(area.width() / (points.width() / 72 * printer.resolution()),
                          area.height() / (points.height() / 72 * printer.resolution()), 1.0)
                size = QSize(round(points.width() / 72 * dpi * fit), round(points.height() / 72 * dpi * fit))
                image = self.document.render(page, size)
                target = QRect(0, 0, round(size.width() * scale), round(size.height() * scale))
                target.moveCenter(QRect(0, 0, area.width(), area.height()).center())
                painter.drawImage(target, image)
        finally:
            painter.end()
        return True

    # -- saving -----------------------------------------------------------------------
    def suggested_name(self) -> str:
        name = self.file_name(self.lang(), self.options()) if callable(self.file_name) else self.file_name
        return name if Path(name).suffix else f"{name}.pdf"

    def save_as(self) -> Task | None:
        """Ask for a file name (PDF or DOCX), then save."""
        _ = self.tr.gettext
        labels = {".pdf": _("PDF document (*.pdf)"), ".docx": _("Word document (*.docx)")}
        filters = [labels[f] for f in self.formats]
        name, chosen = QFileDialog.getSaveFileName(self, _("Save the document"),
                                                   str(self.folder / self.suggested_name()), ";;".join(filters))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in self.formats:
            path = path.with_suffix(self.formats[filters.index(chosen)] if chosen in filters else ".pdf")
        return self.save_to(path)

    def save_to(self, path: Path) -> Task | None:
        """Write the document to ``path`` off the interface's thread; the format follows its extension.
        Problems are shown, not raised; ``saved(path)`` follows a success. None when refused at once."""
        _ = self.tr.gettext
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in self.formats:
            messages.warn(self, _("Not saved"), _("Choose a file name ending in {formats}.",
                                                  formats=", ".join(self.formats)))
            return None
        if self.task is not None:
            return None  # one thing at a time (the window-modal progress makes this rare)
        lang, options, pdf, save = self.lang(), self.options(), self.pdf, self.save

        def work(progress: Progress) -> Path:
            if save is None:
                progress.check()
                write_bytes_atomically(path, pdf)  # the pages shown, as they are
            else:
                save(path, lang, options, progress)
            return path

        self.task = run_task(self._task_parent(), _("Writing {file}", file=path.name), work, tr=self.tr,
                             on_done=self._saved, on_error=self._save_failed, on_cancel=self._save_ended)
        return self.task

    def _save_ended(self) -> None:
        self.task = None
        if self._build_again:  # the choices changed meanwhile
            self._build_again = False
            self.rebuild()

    def _saved(self, path: Path) -> None:
        self._save_ended()
        self.folder = path.parent
        self.saved_path = path
        self.saved.emit(path)

    def _save_failed(self, exc: BaseException) -> None:
        self._save_ended()
        _ = self.tr.gettext
        if isinstance(exc, UserError):
            messages.fail(self, _("Not saved"), _("The document could not be saved."), exc.text(self.tr))
        elif isinstance(exc, OSError):
            messages.fail(self, _("Not saved"), _("The document could not be saved."), exc.strerror or str(exc))
        else:
            show_task_error(self, self.tr, _("Not saved"), exc)
