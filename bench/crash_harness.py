"""Crash safety, proven: kill a roster import at random moments, then inspect the database.

    python bench/crash_harness.py                       # 200 kills during a 10,000-row import
    python bench/crash_harness.py --runs 20 --rows 2000 --seed 7

Each run copies a prepared database (a body with no per-member limit, so that
10,000 rows pass every rule), starts a small driver in a new process that does
what ``tegdesk import roster`` does (open the store, import the file with its
pre-import backup), and sends it SIGKILL after a random delay. The driver
prints ``ready`` once the store is open, ``writing`` when the write
transaction starts and ``committed`` when it has committed; what it printed
before it died says whether it was killed before, during or after the commit.

The delays are measured, not guessed: an un-killed calibration run times the
import first. Half the runs are killed at a moment uniform over the whole
import, half at a moment uniform over the write transaction (the only part
where a kill could do harm), widened by a tenth on either side.

Then every resulting database must:

- pass ``PRAGMA integrity_check`` and ``foreign_key_check``;
- hold all of the import or none of it (terms, experts and their audit
  entries together);
- hold all of it whenever ``committed`` was printed (a commit is durable);
- open in tegdesk (:func:`~tegdesk.core.store.open_store`).

The figures are printed; the exit status is 1 if any database fails.
``tests/core/test_crash_safety.py`` runs the same code with ten kills.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BODY = "NET"
MEMBERS = ["CN", "IN", "RU", "JP", "TH", "FJ", "KZ", "IR", "VN", "MN"]
FAMILY = ["Wang", "Иванов", "Nguyễn", "Sharma", "王", "O'Brien <&>", "محمد", "Tanaka", "Rahman", "Fifita"]
GIVEN = ["Li Wei", "Пётр", "Thị Lan", "Anjali", "小明", "Ayşe", "علي", "Hiroshi", "Nasrin", "Sione"]

#: What ``tegdesk import roster`` does, with markers on stdout (flushed: they are
#: in the pipe before the next step starts, so a kill cannot lose them).
DRIVER = r"""
import sys
from pathlib import Path

from tegdesk.core.interchange import roster_import
from tegdesk.core.store import open_store

db, source, body = sys.argv[1:4]
real_bulk_insert = roster_import.bulk_insert
started = []


def bulk_insert(*args, **kwargs):
    if not started:
        started.append(True)
        print("writing", flush=True)
    return real_bulk_insert(*args, **kwargs)


roster_import.bulk_insert = bulk_insert
store = open_store(Path(db))
print("ready", flush=True)
roster_import.import_roster(store, Path(source), body_code=body)
print("committed", flush=True)
store.close()
"""


# -- preparing ------------------------------------------------------------------------------

def prepare(folder: Path, rows: int) -> tuple[Path, Path]:
    """A database with an unlimited body, and a CSV file of ``rows`` new terms for it."""
    from tegdesk.core.models import Body, TorVersion
    from tegdesk.core.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "prepared.sqlite3"
    store = open_store(db)
    with store.session() as s:
        body = Body(code=BODY, name_en="Expert network")
        s.add(body)
        s.add(TorVersion(body_id=body.id, version=1, effective_date=dt.date(2020, 1, 1), experts_per_member=None))
    store.close()
    assert not Path(f"{db}-wal").exists(), "the prepared database must be one self-contained file"
    source = folder / "roster.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["member", "family_name", "given_names", "organization", "email", "gender", "term_start",
                         "areas"])
        for i in range(rows):
            writer.writerow([MEMBERS[i % 10], f"{FAMILY[i % 10]}{i}", GIVEN[i % 10], "Ministry of Environment",
                             f"e{i}@example.org", "female" if i % 2 else "male",
                             (dt.date(2021, 1, 1) + dt.timedelta(days=i % 900)).isoformat(), "TA02;CC07"])
    return db, source


def counts(db: Path) -> tuple[int, int, int]:
    """Terms of the body, experts, audit entries (opening read-write: a WAL left by a kill is recovered)."""
    con = sqlite3.connect(db)
    try:
        terms = con.execute("SELECT count(*) FROM term JOIN body ON term.body_id = body.id WHERE body.code = ?",
                            (BODY,)).fetchone()[0]
        experts = con.execute("SELECT count(*) FROM expert").fetchone()[0]
        audit = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        return terms, experts, audit
    finally:
        con.close()


# -- one run --------------------------------------------------------------------------------

@dataclass
class Run:
    delay: float | None  # seconds after "ready"; None: not killed (calibration)
    markers: dict[str, float] = field(default_factory=dict)  # marker -> seconds after "ready"
    killed: bool = False
    phase: str = ""  # before, during, after (the commit)
    outcome: str = ""  # all, none, partial
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_once(prepared: Path, source: Path, folder: Path, delay: float | None, *, rows: int,
             baseline: tuple[int, int, int]) -> Run:
    """Import into a fresh copy of ``prepared``, SIGKILL after ``delay`` s, and check the result."""
    started = time.monotonic()
    folder.mkdir(parents=True)
    db = folder / "tegdesk.sqlite3"
    shutil.copyfile(prepared, db)
    run = Run(delay)
    seen: list[tuple[str, float]] = []
    with (folder / "stderr.txt").open("w+", encoding="utf-8") as errors, \
            subprocess.Popen([sys.executable, "-c", DRIVER, str(db), str(source), BODY], cwd=folder,
                             stdout=subprocess.PIPE, stderr=errors, text=True) as proc:
        ready = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                seen.append((line.strip(), time.monotonic()))
                if line.strip() == "ready":
                    ready.set()
            ready.set()  # the process ended

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if not ready.wait(60):
            proc.kill()
            raise RuntimeError("the driver never opened the store")
        zero = time.monotonic()
        if delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                run.killed = True
        proc.wait(timeout=600)
        reader.join(10)
        errors.seek(0)
        if proc.returncode not in (0, -signal.SIGKILL):
            run.problems.append(f"the driver failed ({proc.returncode}): {errors.read().strip()[-400:]}")
    ready_at = next((t for m, t in seen if m == "ready"), zero)
    run.markers = {m: t - ready_at for m, t in seen}
    run.phase = "after" if "committed" in run.markers else "during" if "writing" in run.markers else "before"
    run.problems += check(db, rows=rows, baseline=baseline, committed="committed" in run.markers, run=run)
    run.seconds = time.monotonic() - started
    if not run.problems:
        shutil.rmtree(folder, ignore_errors=True)  # a failing copy is kept for inspection
    return run


def check(db: Path, *, rows: int, baseline: tuple[int, int, int], committed: bool, run: Run) -> list[str]:
    """What is wrong with the database a run left (empty when it is sound and all-or-nothing)."""
    from tegdesk.core.store.backup import integrity_problems

    problems = []
    try:  # recover a WAL left behind first, as the next open would
        terms, experts, audit = counts(db)
    except sqlite3.Error as exc:
        return [f"unreadable: {exc}"]
    found = integrity_problems(db)
    if found:
        problems.append(f"integrity_check: {found[0]}")
    con = sqlite3.connect(db)
    try:
        dangling = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if dangling:
        problems.append(f"foreign_key_check: {len(dangling)} dangling references")
    added = (terms - baseline[0], experts - baseline[1], audit - baseline[2])
    if added == (0, 0, 0):
        run.outcome = "none"
    elif added[0] == rows and added[2] == added[0] + added[1] and added[1] > 0:
        run.outcome = "all"
    else:
        run.outcome = "partial"
        problems.append(f"partial import: {added[0]} terms, {added[1]} experts, {added[2]} audit entries")
    if committed and run.outcome != "all":
        problems.append("the commit was reported but the import is not in the database")
    try:
        reopen(db)
    except Exception as exc:  # noqa: BLE001 (any failure to open is a finding)
        problems.append(f"tegdesk cannot open it: {exc}")
    return problems


def reopen(db: Path) -> None:
    """Open the database as tegdesk would after the crash: the lock file the killed
    process left is stale (its process is gone), so it is taken over."""
    from tegdesk.core.store import open_store

    try:
        from tegdesk.core.store import lock as locking
    except ImportError:  # a tegdesk without lock files
        open_store(db).close()
        return
    holder = locking.read_holder(db)
    if holder is not None and not locking.is_stale(holder):
        raise RuntimeError(f"the lock left by the killed process is not recognised as stale: {holder}")
    store = open_store(db, take_over=holder) if holder is not None else open_store(db)
    store.close()


# -- many runs ------------------------------------------------------------------------------

@dataclass
class Figures:
    rows: int
    runs: list[Run]
    calibration: Run
    seconds: float

    def count(self, **attrs: object) -> int:
        return sum(all(getattr(r, k) == v for k, v in attrs.items()) for r in self.runs)

    @property
    def failures(self) -> list[Run]:
        return [r for r in self.runs if r.problems]

    def lines(self) -> list[str]:
        cal = self.calibration.markers
        killed = [r for r in self.runs if r.killed]
        return [
            f"rows per import            {self.rows:,}",
            f"import (un-killed)         {cal.get('committed', 0):.2f} s after the store is open; the write "
            f"transaction from {cal.get('writing', 0):.2f} s to {cal.get('committed', 0):.2f} s",
            f"runs                       {len(self.runs)} ({len(killed)} killed, "
            f"{len(self.runs) - len(killed)} finished before the kill)",
            f"kills before the commit    {sum(r.phase == 'before' for r in killed)}",
            f"kills during the commit    {sum(r.phase == 'during' for r in killed)} (write transaction begun, "
            "not yet reported committed)",
            f"kills after the commit     {sum(r.phase == 'after' for r in killed)}",
            f"all of the import          {self.count(outcome='all')}",
            f"none of the import         {self.count(outcome='none')}",
            f"all-or-none                {self.count(outcome='all') + self.count(outcome='none')} / {len(self.runs)}",
            f"partial imports            {self.count(outcome='partial')}  (must be 0)",
            f"integrity failures         {sum(any(p.startswith(('integrity', 'foreign', 'unreadable')) for p in r.problems) for r in self.runs)}  (must be 0)",
            f"committed but lost         {sum(any('commit was reported' in p for p in r.problems) for r in self.runs)}  (must be 0)",
            f"not opened by tegdesk      {sum(any('cannot open' in p for p in r.problems) for r in self.runs)}  (must be 0)",
            f"time                       {self.seconds:.0f} s",
        ]


def delays(count: int, calibration: Run, rng: random.Random) -> list[float]:
    """Half uniform over the import, half uniform over its write transaction (widened by 10%)."""
    total = calibration.markers["committed"]
    write_from, write_to = calibration.markers["writing"], total
    margin = (write_to - write_from) * 0.1
    out = []
    for i in range(count):
        if i % 2 == 0:
            out.append(rng.uniform(0, total * 1.05))
        else:
            out.append(rng.uniform(max(write_from - margin, 0), write_to + margin))
    rng.shuffle(out)
    return out


def campaign(folder: Path, *, runs: int, rows: int, seed: int | None = None,
             progress: bool = False) -> Figures:
    """Prepare, calibrate, then kill ``runs`` imports; every database left is checked."""
    started = time.monotonic()
    rng = random.Random(seed)
    prepared, source = prepare(folder / "prepared", rows)
    baseline = counts(prepared)
    calibration = run_once(prepared, source, folder / "calibration", None, rows=rows, baseline=baseline)
    if calibration.problems or "committed" not in calibration.markers:
        raise RuntimeError(f"the un-killed import failed: {calibration.problems}")
    done = []
    for i, delay in enumerate(delays(runs, calibration, rng)):
        run = run_once(prepared, source, folder / f"run-{i:03d}", delay, rows=rows, baseline=baseline)
        done.append(run)
        if progress:
            state = "; ".join(run.problems) or "ok"
            print(f"  run {i + 1:3d}/{runs}: kill at {delay:5.2f} s, {run.phase:6s} the commit, "
                  f"{run.outcome:4s} — {state}", flush=True)
    return Figures(rows=rows, runs=done, calibration=calibration, seconds=time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--quiet", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    print(f"tegdesk crash harness, {dt.datetime.now():%Y-%m-%d %H:%M}, SQLite {sqlite3.sqlite_version}, "
          f"Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="tegdesk-crash-") as tmp:
        folder = args.keep or Path(tmp)
        figures = campaign(folder, runs=args.runs, rows=args.rows, seed=args.seed, progress=not args.quiet)
        print("\n".join(figures.lines()))
        for run in figures.failures:
            print(f"FAILED: kill at {run.delay:.2f} s ({run.phase} the commit): {'; '.join(run.problems)}")
        if figures.failures and args.keep is None:
            print("(run again with --keep DIR to inspect the databases that failed)")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
