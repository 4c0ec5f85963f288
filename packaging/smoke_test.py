"""Smoke test of the built bundle: does the frozen tegdesk work with only what is inside it?

    python3 packaging/smoke_test.py build/dist/tegdesk/tegdesk

Runs the binary with an empty environment (``env -i`` style: no PYTHONPATH, a PATH of
system folders only, a temporary HOME, XDG folders and TEGDESK_CONFIG_DIR, the working
directory in a temporary folder), so it can see neither the source tree nor a venv and
touches none of the user's data. It:

1. prints the version and the help in each of the six languages (catalogs, CLDR data);
2. creates a database with the demonstration (``tegdesk --db X demo``) and checks it;
3. exports the roster as a Chinese PDF and checks it with ``pdffonts`` (both CJK faces, the
   Hei headings and the Song body, embedded as subsets) and ``pdftotext`` (Chinese words
   present);
4. exports the roster to XLSX and imports it into a new database (openpyxl, the rules);
5. starts the interface offscreen in Chinese and checks that the main window was shown,
   with its icon and Qt's own Chinese catalog from the bundle, every page shown once, and
   no traceback.

Needs only Python's standard library and poppler-utils. Exit code 0 when all pass.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANGUAGES = ("en", "zh", "fr", "ru", "es", "ar")


class SmokeFailed(AssertionError):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailed(what)


class Bundle:
    def __init__(self, binary: Path, sandbox: Path):
        self.binary = binary
        self.sandbox = sandbox
        home = sandbox / "home"
        runtime = sandbox / "runtime"
        for folder in (home, runtime, sandbox / "work"):
            folder.mkdir(mode=0o700)
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(runtime),
            "TEGDESK_CONFIG_DIR": str(home / "tegdesk-config"),
            "TEGDESK_DB": str(sandbox / "default.sqlite3"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 120,
            expect: int = 0) -> subprocess.CompletedProcess:
        started = time.monotonic()
        result = subprocess.run([str(self.binary), *args], cwd=self.sandbox / "work", capture_output=True,
                                text=True, timeout=timeout, env={**self.env, **(extra_env or {})})
        seconds = time.monotonic() - started
        print(f"  {seconds:5.2f} s  tegdesk {' '.join(args)}  -> {result.returncode}", flush=True)
        if result.returncode != expect or "Traceback" in result.stderr:
            raise SmokeFailed(f"tegdesk {' '.join(args)} exited {result.returncode}\n"
                              f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def smoke(binary: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="tegdesk-smoke-") as tmp:
        sandbox = Path(tmp)
        app = Bundle(binary, sandbox)
        print("version and help in every language")
        check(app.run("--version").stdout.startswith("tegdesk "), "--version")
        helps = {lang: app.run("--lang", lang, "--help").stdout for lang in LANGUAGES}
        check("数据库" in helps["zh"] or "名册" in helps["zh"], "the help is not in Chinese: catalog missing?")

        print("a database with the demonstration")
        db = sandbox / "demo.sqlite3"
        out = app.run("--db", str(db), "demo").stdout
        check("Demonstration loaded" in out, out)
        check(app.run("--db", str(db), "db", "check").stdout.splitlines()[-1].startswith("OK:"), "db check")

        print("the roster as a Chinese PDF")
        pdf = sandbox / "roster-zh.pdf"
        app.run("--db", str(db), "export", "roster", str(pdf), "--lang", "zh")
        fonts = tool("pdffonts", str(pdf))
        cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line or "UMing" in line]
        for face in ("WenQuanYi", "UMing"):  # Hei headings (WQY), Song body (AR PL UMing)
            check(any(face in line for line in cjk), f"no {face} font in the PDF:\n{fonts}")
        check(all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in cjk),
              f"the CJK font is not an embedded subset with a Unicode map:\n{fonts}")
        text = tool("pdftotext", "-layout", str(pdf), "-")
        for words in ("专家名册", "亚太经社会", "任期"):
            check(words in text, f"{words} missing from the PDF text")
        print(f"  {pdf.stat().st_size // 1024} KB, fonts: {', '.join(line.split()[0] for line in cjk)}")

        print("the roster to XLSX and back into a new database")
        xlsx = sandbox / "roster.xlsx"
        app.run("--db", str(db), "export", "roster", str(xlsx))
        out = app.run("--db", str(sandbox / "imported.sqlite3"), "import", "roster", str(xlsx)).stdout
        check(out.startswith("Imported "), out)

        print("the interface, offscreen, in Chinese")
        result = app.run("--db", str(db), "--lang", "zh", extra_env={"TEGDESK_QUIT_AFTER_MS": "1500"}, timeout=60)
        shown = [line for line in result.stdout.splitlines() if line.startswith("main window shown:")]
        check(bool(shown), f"the main window was not shown:\n{result.stdout}\n{result.stderr}")
        line = shown[0]
        print(f"  {line}")
        check("visible=True" in line and "icon=True" in line and "roster" in line, line)
        bundle_root = str(binary.resolve().parent)
        check("qtbase_zh_CN.qm" in line and bundle_root in line, f"Qt's Chinese catalog not from the bundle: {line}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = Path(argv[1]).resolve()
    if not binary.is_file():
        print(f"no binary at {binary}", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        smoke(binary)
    except SmokeFailed as failed:
        print(f"SMOKE TEST FAILED: {failed}", file=sys.stderr)
        return 1
    print(f"smoke test passed ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
