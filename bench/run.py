"""tegdesk benchmarks: one command, every figure with its target.

    python bench/run.py            # all
    python bench/run.py roster_pdf # some, by name

Figures are measured on generated data; where a target is a ratio, its
baseline is measured in the same run, because these 2-core machines are noisy.
Nothing here is a test: a miss is printed, not raised (exit status 1 if any).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tegdesk.core.services.roster import RosterRow  # noqa: E402

SUBREGIONS = ["East and North-East Asia", "North and Central Asia", "Pacific", "South and South-West Asia",
              "South-East Asia"]
FAMILY = ["Wang", "Иванов", "Nguyen", "Sharma", "王", "Kim", "Петрова", "Tanaka", "Rahman", "Fifita"]
GIVEN = ["Li Wei", "Пётр", "Thi Lan", "Anjali", "小明", "Min-jun", "Ольга", "Hiroshi", "Nasrin", "Sione"]
ORGS = ["Ministry of Ecology and Environment", "Министерство природных ресурсов и экологии",
        "生态环境部环境规划院", "Institute of Environmental Science and Meteorology, University of the Philippines"]


def roster_rows(n: int) -> list[RosterRow]:
    """``n`` serving terms in Latin, Chinese and Cyrillic, across 62 members."""
    rows = []
    for i in range(n):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=i % 1000)
        member = i % 62
        rows.append(RosterRow(
            uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=member + 1), f"Member {member:02d}", f"M{member:02d}",
            member % 7 == 0, SUBREGIONS[member % 5], "Dr.", f"{FAMILY[i % 10]}{i}", GIVEN[i % 10],
            ORGS[i % 4], "Director", "", "", start, start + dt.timedelta(days=1094), 1 + i % 2, "serving",
            ["chair"] if i == 7 else [], 1))
    return rows


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


RESULTS: list[tuple[str, str, str, bool]] = []


def report(name: str, figure: str, target: str, ok: bool) -> None:
    RESULTS.append((name, figure, target, ok))
    print(f"{'ok  ' if ok else 'MISS'} {name:<44} {figure:<34} target {target}", flush=True)


# -- roster PDF ---------------------------------------------------------------------------

def baseline_table_pdf(rows: list[RosterRow], out: Path) -> None:
    """The straightforward build: one ReportLab Table of Paragraph cells."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from tegdesk.core.documents.fonts import ensure_fonts

    ensure_fonts()
    style = ParagraphStyle("cell", fontName="WQY", fontSize=8, leading=10)
    data = [[Paragraph(h, style) for h in ("Member", "Expert", "Organization", "Term", "No.", "Office")]]
    for r in rows:
        data.append([Paragraph(escape(c), style) for c in (
            r.member, f"{r.honorific} {r.given_names} {r.family_name}", r.organization,
            f"{r.start_date:%d %B %Y} – {r.end_date:%d %B %Y}", str(r.term_number), ", ".join(r.offices))])
    table = Table(data, repeatRows=1, colWidths=[110, 150, 250, 150, 40, 70])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build([table])


def bench_roster_pdf(tmp: Path) -> None:
    from tegdesk.core.documents.fonts import ensure_fonts
    from tegdesk.core.documents.roster_pdf import build_roster_pdf
    from tegdesk.core.i18n import translator

    ensure_fonts()  # registration is a one-off cost, not the document's
    tr = translator("en")

    def ours(rows: list[RosterRow], out: Path) -> None:
        build_roster_pdf(rows, out, tr=tr, as_of=dt.date(2025, 6, 1), tor_version=1,
                         body_name="Technical Expert Group on Environment and Development")

    thousand = roster_rows(1_000)
    base = timed(lambda: baseline_table_pdf(thousand, tmp / "base.pdf"), repeat=2)
    mine = timed(lambda: ours(thousand, tmp / "ours1k.pdf"), repeat=2)
    report("roster PDF, 1,000 experts", f"{mine:.2f} s vs Table {base:.2f} s = {mine / base:.2f}x",
           "<= 0.70x", mine / base <= 0.70)
    big = roster_rows(10_000)
    ten = timed(lambda: ours(big, tmp / "ours10k.pdf"))
    report("roster PDF, 10,000 experts", f"{ten:.2f} s", "<= 6 s", ten <= 6.0)
    report("roster PDF, 10,000 / 1,000", f"{ten / mine:.1f}x", "<= 11x", ten / mine <= 11)


# -- roster import --------------------------------------------------------------------------

def bench_roster_import(tmp: Path) -> None:
    from openpyxl import Workbook

    from tegdesk.core.interchange.roster_import import ROSTER_COLUMNS, import_roster
    from tegdesk.core.models import Body, TorVersion
    from tegdesk.core.store import open_store

    store = open_store(tmp / "import.sqlite3")
    with store.session() as s:  # a network-like body: no per-member limit, every other rule checked
        body = Body(code="NET", name_en="Expert network")
        s.add(body)
        s.add(TorVersion(body_id=body.id, version=1, effective_date=dt.date(2020, 1, 1), experts_per_member=None))
    codes = ["CN", "IN", "RU", "JP", "TH", "FJ", "KZ", "IR", "VN", "MN"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(ROSTER_COLUMNS)
    for i in range(10_000):
        ws.append([codes[i % 10], f"{FAMILY[i % 10]}{i}", GIVEN[i % 10], "Dr.", "Director", ORGS[i % 4],
                   f"e{i}@example.org", "", "female" if i % 2 else "male",
                   dt.date(2021, 1, 1) + dt.timedelta(days=i % 900), None, "TA02;CC07"])
    wb.save(tmp / "roster.xlsx")
    seconds = timed(lambda: import_roster(store, tmp / "roster.xlsx", body_code="NET", backup=False))
    report("import 10,000 roster rows from XLSX", f"{seconds:.2f} s", "<= 3 s", seconds <= 3.0)
    store.close()


# -- roster filter --------------------------------------------------------------------------

def bench_roster_filter(_tmp: Path) -> None:
    """Typing into the roster's search over 10,000 terms, in a table set up as the roster page's
    (no row numbers, rows of one height); the time is from the new text to the view painted."""
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from tegdesk.core.i18n import translator
    from tegdesk.ui.roster.model import RosterFilter, RosterTableModel

    app = QApplication.instance() or QApplication([])
    model = RosterTableModel(translator("en"))
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.resize(1000, 600)
    view.show()
    model.set_rows(roster_rows(10_000), dt.date(2025, 6, 1), {})
    proxy.set_filters(period="all")
    app.processEvents()
    timings, cpu = [], []
    for word in ("wang12", "иванов3", "ministry of", "王4", "nguyen1"):
        for k in range(1, len(word) + 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            proxy.set_filters(text=word[:k])
            proxy.rowCount()
            app.processEvents()
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        proxy.set_filters(text="")
        app.processEvents()
    p95 = statistics.quantiles(timings, n=20)[-1] * 1000
    report("filter 10,000-expert roster, per keystroke", f"median {statistics.median(timings) * 1000:.1f} ms, "
           f"p95 {p95:.1f} ms (cpu {statistics.quantiles(cpu, n=20)[-1] * 1000:.1f})", "<= 30 ms", p95 <= 30)


# -- activities (bench/activities.py) -------------------------------------------------------

def bench_activities(tmp: Path) -> None:
    from bench.activities import bench_activities as run

    run(tmp, report)


# -- the interface on the shared database (bench/data.py): start and memory ------------------

def bench_startup(tmp: Path) -> None:
    from bench.startup import bench_startup as run

    run(tmp, report)


def bench_memory(tmp: Path) -> None:
    from bench.memory import bench_memory as run

    run(tmp, report)


BENCHES = {"roster_pdf": bench_roster_pdf, "roster_import": bench_roster_import, "roster_filter": bench_roster_filter,
           "activities": bench_activities, "startup": bench_startup, "memory": bench_memory}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHES)
    print(f"tegdesk benchmarks, {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="tegdesk-bench-") as tmp:
        for name in chosen:
            BENCHES[name](Path(tmp))
    return 0 if all(ok for *_, ok in RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
