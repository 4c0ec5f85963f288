"""The shared benchmark database: the demonstration, then 10,000 generated serving experts,
500 meetings and 100,000 activities (``tegdesk demo --experts 10000 --meetings 500
--activities 100000`` does the same).

It is generated once per run of bench/run.py (into the run's temporary folder) and reused
by every benchmark that opens the interface on it. ``TEGDESK_BENCH_DB=path`` keeps it
between runs: generated there when the file is missing, reused as it is otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

EXPERTS, MEETINGS, ACTIVITIES = 10_000, 500, 100_000
TODAY = dt.date(2026, 11, 21)  # fixed, so that every run holds the same data
_made: dict[Path, Path] = {}


def generate(path: Path) -> tuple[float, float]:
    """Write the benchmark database at ``path``; (wall, cpu) seconds it took."""
    from tegdesk.core.demo import populate_demo
    from tegdesk.core.demo.bulk import generate_activities, generate_meetings, generate_roster
    from tegdesk.core.store import open_store

    started, started_cpu = time.perf_counter(), time.process_time()
    store = open_store(path)
    try:
        populate_demo(store, today=TODAY)
        generate_roster(store, EXPERTS, seed=1, today=TODAY)
        generate_meetings(store, MEETINGS, seed=1, today=TODAY)
        generate_activities(store, ACTIVITIES, seed=1)
        with store.engine.connect() as conn:  # one file: nothing left in the write-ahead log
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return time.perf_counter() - started, time.process_time() - started_cpu


def database(tmp: Path, report=None) -> Path:  # noqa: ANN001
    """The benchmark database (made on the first call of a run, then the same file)."""
    if tmp in _made:
        return _made[tmp]
    kept = os.environ.get("TEGDESK_BENCH_DB")
    path = Path(kept) if kept else tmp / "bench.sqlite3"
    if not path.exists():
        wall, cpu = generate(path)
        if report is not None:
            report(f"generate {EXPERTS:,} experts, {MEETINGS} meetings, {ACTIVITIES:,} activities",
                   f"{wall:.1f} s (cpu {cpu:.1f} s), {path.stat().st_size / 1e6:.0f} MB", "info", True)
    _made[tmp] = path
    return path

