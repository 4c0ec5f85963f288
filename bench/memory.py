"""Resident memory of the interface listing 100,000 activities.

A new process opens the main window offscreen on the benchmark database (bench/data.py),
shows the activities page, scrolls its list to the end (every page of 100 rows read, as
when a user drags down to the last activity), then through it in 400 painted steps, and reports its peak and current resident set
(VmHWM and VmRSS from /proc/self/status). The target is on the peak.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STEPS = 400
CHILD = r"""
import sys
from pathlib import Path
from tegdesk.core.store import open_store
from tegdesk.ui.app import application, build_window

def status():
    lines = Path("/proc/self/status").read_text().splitlines()
    return {k: (v.split() or [""])[0] for k, v in (line.split(":", 1) for line in lines if ":" in line)}

def stage(name):
    print("stage", name, status()["VmRSS"], flush=True)

stage("imported")
app = application()
store = open_store(Path(sys.argv[1]))
window = build_window(store, "en")
stage("window-built")
window.show()
window.show_page("activities")
app.processEvents()
page = window.page("activities")
page.model.finish_count()
app.processEvents()
stage("activities-shown")
bar = page.table.verticalScrollBar()
while page.model.canFetchMore():  # to the end, as a user dragging down reads every page on the way
    bar.setValue(bar.maximum())
    app.processEvents()
    if page.model.canFetchMore():
        page.model.fetchMore()
stage("all-read")
steps = int(sys.argv[2])
for k in range(steps + 1):  # and through the whole list, each position painted
    bar.setValue(bar.maximum() * k // steps)
    page.table.viewport().repaint()
    app.processEvents()
stage("scrolled")
print("memory", status()["VmHWM"], status()["VmRSS"], page.model.rowCount(), bar.maximum(), flush=True)
import os
window.backup_timer.stop()
store.close()  # its lock released
os._exit(0)  # measured: no teardown (PySide's at interpreter exit is not what is measured)
"""


def measure(db: Path, tmp: Path) -> tuple[int, int, int, list[tuple[str, int]]]:
    """(VmHWM kB, VmRSS kB, rows listed, [(stage, VmRSS kB)])."""
    sandbox = tmp / "memory-home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEGDESK_CONFIG_DIR": str(sandbox / "config"),
           "XDG_CONFIG_HOME": str(sandbox / "xdg-config"), "XDG_DATA_HOME": str(sandbox / "xdg-data"),
           "XDG_CACHE_HOME": str(sandbox / "xdg-cache")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(STEPS)], capture_output=True, text=True,
                          env=env, timeout=600)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("memory ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"the memory probe failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    peak, now, rows, _maximum = (int(x) for x in line.split()[1:])
    stages = [ln.split()[1:] for ln in done.stdout.splitlines() if ln.startswith("stage ")]
    return peak, now, rows, [(name, int(kb)) for name, kb in stages]


def bench_memory(tmp: Path, report) -> None:  # noqa: ANN001
    from bench.data import database

    peak, now, rows, stages = measure(database(tmp, report), tmp)
    report(f"memory listing {rows:,} activities, scrolled", f"VmHWM {peak / 1024:.0f} MB, VmRSS {now / 1024:.0f} MB",
           "<= 200 MB", peak / 1024 <= 200)
    report("  VmRSS on the way", ", ".join(f"{name} {kb / 1024:.0f}" for name, kb in stages), "info", True)
