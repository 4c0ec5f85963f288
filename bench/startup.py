"""Start to a usable main window on the benchmark database, against a bare PySide6 window.

Each start is a new process (``python -m tegdesk --db bench.sqlite3``, offscreen) with
``TEGDESK_BENCH_READY`` set: once the main window has been painted and the event loop is
idle again, the app prints the moment and its CPU time and quits (tegdesk.ui.app). The
wall time runs from just before the process is started to that moment. The baseline is a
process of the same Python that imports PySide6 and shows a QMainWindow of the same size,
reporting the same way. Starts alternate (baseline, tegdesk) after one warm-up of each, so
that both see the same file cache and the same neighbours; the medians are compared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = 5
READY = "tegdesk ready "
BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is window and event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False

def ready():
    print(f"tegdesk ready {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
    app.quit()

first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
app.exec()
"""


def _environment(tmp: Path) -> dict[str, str]:
    sandbox = tmp / "startup-home"
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEGDESK_BENCH_READY": "1",
            "TEGDESK_CONFIG_DIR": str(sandbox / "config"), "XDG_CONFIG_HOME": str(sandbox / "xdg-config"),
            "XDG_DATA_HOME": str(sandbox / "xdg-data"), "XDG_CACHE_HOME": str(sandbox / "xdg-cache"),
            "LANG": "en_US.UTF-8", "LANGUAGE": "en"}


def start_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds to the ready line, the process's CPU seconds by then)."""
    import time

    started = time.time()
    try:  # a start that waits for an answer (a database left locked by a killed run asks one) never ends
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"{command[-1]} was not ready after 120 s (is the database locked?)") from exc
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(READY)), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"{command[-1]} did not report ready (exit {done.returncode}):\n{done.stderr[-2000:]}")
    moment, _cpu, cpu = line[len(READY):].split()
    return float(moment) - started, float(cpu)


def measure(db: Path, tmp: Path, runs: int = RUNS) -> dict[str, list[tuple[float, float]]]:
    env = _environment(tmp)
    commands = {"bare": [sys.executable, "-c", BARE], "tegdesk": [sys.executable, "-m", "tegdesk", "--db", str(db)]}
    for command in commands.values():  # warm-up: file cache, Python's bytecode cache, fontconfig's cache
        start_once(command, env)
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found[name].append(start_once(command, env))
    return found


def bench_startup(tmp: Path, report) -> None:  # noqa: ANN001
    from bench.data import database

    db = database(tmp, report)
    found = measure(db, tmp)
    wall = {name: statistics.median(w for w, _c in runs) for name, runs in found.items()}
    cpu = {name: statistics.median(c for _w, c in runs) for name, runs in found.items()}
    ratio = wall["tegdesk"] / wall["bare"]
    report(f"start to usable main window, median of {RUNS}",
           f"{wall['tegdesk']:.2f} s vs bare {wall['bare']:.2f} s = {ratio:.1f}x", "<= 1.5x", ratio <= 1.5)
    report("  same, CPU time of the process", f"{cpu['tegdesk']:.2f} s vs bare {cpu['bare']:.2f} s = "
           f"{cpu['tegdesk'] / cpu['bare']:.1f}x", "info", True)
