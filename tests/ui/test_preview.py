"""The document preview: any PDF shown with QtPdf, rebuilt in another language
or with other options, printed through QPrinter, saved as PDF or DOCX."""

from __future__ import annotations

import threading
from pathlib import Path

import docx
import pytest
import meeting_demo
from meeting_demo import TODAY, pdf_pages, pdf_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from tegdesk.core.documents.roster_pdf import export_roster_pdf
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.ui import messages
from tegdesk.ui import preview as preview_ui
from tegdesk.ui.preview import Choice, PreviewDialog, Rendered, Toggle
from tegdesk.ui.tasks import running_tasks

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures


class RosterDocument:
    """The roster PDF of the demo as a previewed document; remembers each build."""

    def __init__(self, store, folder: Path):
        self.store = store
        self.folder = folder
        self.builds: list[tuple[str, dict]] = []
        self.saved: list[tuple[Path, str, dict]] = []
        self.refuse = False
        self.threads: list[int] = []  # where each build and save ran

    def build(self, lang: str, options: dict, progress=None) -> Rendered:
        self.threads.append(threading.get_ident())
        if self.refuse:
            raise UserError("The meeting {number} no longer exists.", number=2)
        self.builds.append((lang, dict(options)))
        path = self.folder / f"build-{len(self.builds)}.pdf"
        export_roster_pdf(self.store, path, lang=lang, as_of=TODAY, generated=TODAY,
                          with_contacts=options.get("contacts", False))
        notes = ["Item 3 has no Chinese title."] if lang == "zh" else []
        notes += [f"Item {n} has no French title." for n in range(1, 9)] if lang == "fr" else []
        return Rendered(path.read_bytes(), notes)

    def save(self, path: Path, lang: str, options: dict, progress) -> None:
        self.threads.append(threading.get_ident())
        self.saved.append((path, lang, dict(options)))
        if path.suffix == ".pdf":
            path.write_bytes(self.build(lang, options).pdf)
        else:
            document = docx.Document()
            document.add_paragraph(f"Roster ({lang})")
            document.save(path)


@pytest.fixture
def roster_doc(demo_store, tmp_path):
    return RosterDocument(demo_store, tmp_path)


@pytest.fixture
def dialog(qtbot, roster_doc):
    tr = translator("en")
    dlg = PreviewDialog(tr, title="Roster of experts", build=roster_doc.build, save=roster_doc.save,
                        languages=["en", "zh"], lang="en",
                        options=[Toggle("contacts", "Include e-mail and telephone"),
                                 Choice("audience", "", (("To Governments", "governments"),
                                                         ("To experts", "experts")), default="experts")],
                        file_name=lambda lang, options: f"roster-{lang}", folder=roster_doc.folder)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    finish(qtbot)
    return dlg


def finish(qtbot) -> None:
    """Wait for the builds and saves under way (worker threads) to end and show."""
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def shown_text(dlg: PreviewDialog, page: int = 0) -> str:
    return dlg.document.getAllText(page).text()


def test_the_pdf_is_shown_page_by_page(dialog, roster_doc, qtbot):
    assert dialog.document.status() == QPdfDocument.Status.Ready
    first = roster_doc.folder / "build-1.pdf"
    assert dialog.page_count() == pdf_pages(first) > 1
    assert roster_doc.builds == [("en", {"contacts": False, "audience": "experts"})]
    assert "Roster of experts" in shown_text(dialog)
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count()}"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    assert dialog.notes_label.isHidden() and dialog.error_label.isHidden()

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() == 1 and dialog.page_label.text() == f"Page 2 of {dialog.page_count()}"
    dialog.go_to_page(99)
    assert dialog.current_page() == dialog.page_count() - 1 and not dialog.next_button.isEnabled()

    dialog.set_zoom(1.5)
    assert dialog.view.zoomMode() == dialog.view.ZoomMode.Custom and dialog.view.zoomFactor() == 1.5
    dialog.set_zoom(preview_ui.FIT_PAGE)
    assert dialog.view.zoomMode() == dialog.view.ZoomMode.FitInView


def test_switching_the_language_rebuilds_in_chinese_with_a_banner(dialog, roster_doc, qtbot):
    dialog.go_to_page(1)
    dialog.set_language("zh")
    finish(qtbot)
    assert roster_doc.builds[-1][0] == "zh"
    assert dialog.document.status() == QPdfDocument.Status.Ready
    dialog.go_to_page(0)
    assert "专家名册" in shown_text(dialog)
    assert dialog.notes_label.isVisible() and "Item 3 has no Chinese title." in dialog.notes_label.text()
    assert dialog.suggested_name() == "roster-zh.pdf"

    dialog.set_language("en")
    finish(qtbot)
    assert "专家名册" not in shown_text(dialog) and dialog.notes_label.isHidden()


def test_many_notes_show_the_first_and_the_rest_on_hover(qtbot, roster_doc):
    dlg = PreviewDialog(translator("en"), title="Roster", build=roster_doc.build, languages=["fr"])
    qtbot.addWidget(dlg)
    finish(qtbot)
    lines = dlg.notes_label.text().splitlines()
    assert lines[:3] == ["• Item 1 has no French title.", "• Item 2 has no French title.",
                         "• Item 3 has no French title."]
    assert lines[3:] == ["… and 5 more (point here to see them all)"]
    assert dlg.notes_label.toolTip().count("•") == 8


def test_options_rebuild_the_document(dialog, roster_doc, qtbot):
    qtbot.mouseClick(dialog.option_widgets["contacts"], Qt.MouseButton.LeftButton)
    finish(qtbot)
    assert roster_doc.builds[-1] == ("en", {"contacts": True, "audience": "experts"})
    assert "@" in "".join(shown_text(dialog, p) for p in range(dialog.page_count()))
    dialog.set_option("audience", "governments")
    finish(qtbot)
    assert roster_doc.builds[-1] == ("en", {"contacts": True, "audience": "governments"})


def test_a_refused_build_says_why_and_keeps_the_pages(dialog, roster_doc, qtbot):
    pages = dialog.page_count()
    roster_doc.refuse = True
    dialog.set_language("zh")
    finish(qtbot)
    assert dialog.error_label.isVisible() and dialog.error_label.text() == "The meeting 2 no longer exists."
    assert dialog.page_count() == pages and "Roster of experts" in shown_text(dialog)
    roster_doc.refuse = False
    dialog.rebuild()
    finish(qtbot)
    assert dialog.error_label.isHidden()


def _printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)
    return printer


def test_printing_renders_every_page_in_the_documents_orientation(dialog, tmp_path):
    printer = dialog.printer()
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape  # the roster is landscape
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(96)
    assert dialog.print_to(printer)
    assert pdf_pages(out) == dialog.page_count()
    printed = QPdfDocument()
    printed.load(str(out))
    size = printed.pagePointSize(0)
    assert size.width() > size.height()
    image = printed.render(0, size.toSize())  # the page was drawn, not left blank
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 50
    printed.close()


def test_printing_honours_the_page_range(dialog, tmp_path):
    out = tmp_path / "range.pdf"
    printer = _printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.pages_to_print(printer) == [1, 2]
    assert dialog.print_to(printer)
    assert pdf_pages(out) == 2

    dialog.go_to_page(2)
    printer = _printer(tmp_path / "current.pdf")
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert dialog.pages_to_print(printer) == [2]


def test_print_cancelled_in_the_dialog_prints_nothing(dialog, monkeypatch):
    printed = []
    monkeypatch.setattr(preview_ui.QPrintDialog, "exec", lambda self: 0)
    monkeypatch.setattr(dialog, "print_to", lambda printer: printed.append(printer) or True)
    assert dialog.print_document() is False and printed == []


def test_save_as_writes_pdf_and_docx(dialog, roster_doc, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "out" / "roster"
    target.parent.mkdir()
    answers = iter([(str(target), "Word document (*.docx)"), (str(target) + ".pdf", "")])
    offered = []

    def ask(parent, caption, name, filters):
        offered.append((name, filters))
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    dialog.set_language("zh")
    finish(qtbot)
    assert dialog.save_as() is not None
    finish(qtbot)
    saved = dialog.saved_path
    assert saved == target.with_suffix(".docx") and saved.exists()
    assert docx.Document(str(saved)).paragraphs[0].text == "Roster (zh)"
    assert offered[0] == (str(roster_doc.folder / "roster-zh.pdf"),
                          "PDF document (*.pdf);;Word document (*.docx)")
    dialog.save_as()
    finish(qtbot)
    saved = dialog.saved_path
    assert saved == target.with_suffix(".pdf") and pdf_pages(saved) == dialog.page_count()
    assert "专家名册" in pdf_text(saved)
    assert offered[1][0] == str(target.parent / "roster-zh.pdf")  # the folder used last
    assert [(p.suffix, lang) for p, lang, _o in roster_doc.saved] == [(".docx", "zh"), (".pdf", "zh")]


def test_save_refuses_another_format_and_reports_a_failure(dialog, roster_doc, tmp_path, monkeypatch, qtbot):
    said = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, detail=None: said.append(text))
    monkeypatch.setattr(messages, "fail", lambda parent, title, text, detail=None: said.append(detail))
    assert dialog.save_to(tmp_path / "roster.txt") is None
    assert said == ["Choose a file name ending in .pdf, .docx."]
    assert dialog.save_to(tmp_path / "missing" / "roster.pdf") is not None  # no such folder
    finish(qtbot)
    assert said[-1] == "No such file or directory" and dialog.saved_path is None
    assert roster_doc.saved[-1][0] == tmp_path / "missing" / "roster.pdf"


def test_without_a_saver_the_previewed_pdf_is_saved(qtbot, roster_doc, tmp_path):
    dlg = PreviewDialog(translator("en"), title="Roster", build=roster_doc.build, languages=["en"])
    qtbot.addWidget(dlg)
    finish(qtbot)
    assert dlg.formats == [".pdf"]
    dlg.save_to(tmp_path / "copy.pdf")
    finish(qtbot)
    out = dlg.saved_path
    assert out.read_bytes() == dlg.pdf and dlg.suggested_name() == "document.pdf"


def test_chinese_interface(qtbot, roster_doc):
    tr = translator("zh")
    dlg = PreviewDialog(tr, title="名册", build=roster_doc.build, languages=["en", "zh"], lang="zh")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    finish(qtbot)
    assert dlg.lang() == "zh" and roster_doc.builds == [("zh", {})]
    assert dlg.language.currentText() == "简体中文"
    assert dlg.close_button.text() == tr.gettext("Close") == "关闭"


# -- the documents of a meeting (the Documents button) ---------------------------------------

@pytest.fixture
def button(qtbot, demo_store):
    from tegdesk.core.services.meetings import MeetingService
    from tegdesk.ui.meetings.outputs import DocumentsButton

    widget = DocumentsButton(demo_store, translator("en"))
    qtbot.addWidget(widget)
    assert not widget.isEnabled()  # no meeting yet
    widget.set_meeting(MeetingService(demo_store).find("TEG:2").id)
    assert widget.isEnabled()
    return widget


def test_the_documents_menu(button):
    assert [a.text() for a in button.menu().actions() if not a.isSeparator()] == [
        "Provisional agenda…", "Annotated provisional agenda…", "Note verbale to Governments…",
        "Letter to experts…", "List of participants…", "Calendar entry (.ics)…"]


def test_the_agenda_toggles_annotations_and_warns_of_english_texts_in_chinese(button, qtbot, demo_store):
    from tegdesk.core.services.meetings import MeetingService

    service = MeetingService(demo_store)
    meeting = service.find("TEG:2")
    added = service.add_item(meeting.id, "An item typed in English only")  # no Chinese title yet
    assert added.saved, added.violations
    dialog = button.open_document("agenda")
    qtbot.addWidget(dialog)
    finish(qtbot)
    assert dialog.isVisible()  # opened once built
    assert dialog.windowTitle() == "Provisional agenda — TEG 2" and dialog.options() == {"annotated": False}
    assert "Provisional agenda" in shown_text(dialog) and dialog.notes_label.isHidden()
    dialog.set_option("annotated", True)
    finish(qtbot)
    assert dialog.windowTitle() == "Annotated provisional agenda — TEG 2"
    assert "Annotated provisional agenda" in shown_text(dialog)
    dialog.set_language("zh")
    finish(qtbot)
    assert "临时议程" in shown_text(dialog)
    assert dialog.notes and all("in Chinese; the English" in note for note in dialog.notes)
    assert any("has no title in Chinese" in note for note in dialog.notes)
    assert dialog.notes_label.isVisible() and dialog.notes[0] in dialog.notes_label.text()


def test_the_notice_to_governments_or_to_experts(button, qtbot, tmp_path):
    dialog = button.open_document("letter")
    qtbot.addWidget(dialog)
    finish(qtbot)
    assert dialog.options() == {"audience": "experts"} and dialog.windowTitle() == "Letter to experts — TEG 2"
    assert "Dear" in shown_text(dialog)
    dialog.set_option("audience", "governments")
    finish(qtbot)
    assert dialog.windowTitle() == "Note verbale to Governments — TEG 2"
    assert "presents its compliments" in shown_text(dialog)
    assert dialog.suggested_name() == "TEG-2-note-verbale-en.pdf"
    dialog.save_to(tmp_path / "note.docx")
    finish(qtbot)
    out = dialog.saved_path
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "presents its compliments" in text
    dialog.save_to(tmp_path / "note.pdf")
    finish(qtbot)
    out = dialog.saved_path
    assert "presents its compliments" in pdf_text(out) and pdf_pages(out) == dialog.page_count()


def test_the_calendar_entry(button, tmp_path, monkeypatch):
    path = button.save_calendar(tmp_path / "teg2.ics")
    content = path.read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:" in content
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(tmp_path / "cal"), "")))
    assert button.save_calendar() == tmp_path / "cal.ics" and (tmp_path / "cal.ics").exists()
