#!/usr/bin/env bash
# Build the one-folder tegdesk bundle with PyInstaller, then run its smoke test.
#
#   packaging/build.sh                 # venv in build/packaging-venv, bundle in build/dist/tegdesk
#   PYTHON=python3.12 packaging/build.sh
#   TEGDESK_BUILD_DIR=/tmp/tb packaging/build.sh   # build somewhere else
#   SKIP_SMOKE=1 packaging/build.sh    # build only
#
# PyInstaller is a build-only dependency (the `packaging` extra): it is installed here, in a
# venv of its own, never in the environment the app or its tests run in. Works from a clean
# clone; needs network access (or a pip wheelhouse via PIP_FIND_LINKS) for the first venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TEGDESK_BUILD_DIR:-$ROOT/build}"
VENV="$BUILD/packaging-venv"
PYTHON="${PYTHON:-python3}"

started=$(date +%s)
mkdir -p "$BUILD"
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Not editable: the bundle is built from an installed copy, as a user's would be.
"$VENV/bin/python" -m pip install --quiet "$ROOT[packaging]"

rm -rf "$BUILD/dist/tegdesk"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/tegdesk.spec"
built=$(date +%s)

BUNDLE="$BUILD/dist/tegdesk"
echo "bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1)), built in $((built - started)) s"

if [[ -z "${SKIP_SMOKE:-}" ]]; then
    # The smoke test runs with the system's Python on purpose: it only drives the binary.
    "$PYTHON" "$ROOT/packaging/smoke_test.py" "$BUNDLE/tegdesk"
    echo "smoke test passed in $(( $(date +%s) - built )) s"
fi
