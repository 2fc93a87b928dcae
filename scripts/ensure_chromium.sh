#!/usr/bin/env bash
# Make sure the dashboard's browser tests can run: Debian's Chromium at /usr/bin/chromium and
# the Playwright Python package in the venv. Idempotent: does nothing when both are there.
#
# Playwright drives the system Chromium (executable_path=/usr/bin/chromium); it never
# downloads a browser, so `playwright install` is never run.
#
#   scripts/ensure_chromium.sh [VENV]        (VENV defaults to .venv)
set -euo pipefail

VENV="${1:-.venv}"
PY="$VENV/bin/python"

if [ -x /usr/bin/chromium ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
else
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    else
        SUDO=""
    fi
    echo "chromium: installing Debian's chromium with apt-get"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
    /usr/bin/chromium --version
fi

if [ -x "$PY" ]; then
    if "$PY" -c "import playwright, fastapi, uvicorn, httpx" 2>/dev/null; then
        echo "python: playwright, fastapi, uvicorn and httpx present in $VENV"
    else
        echo "python: installing playwright, fastapi, uvicorn, httpx into $VENV"
        "$PY" -m pip install --quiet playwright fastapi uvicorn httpx
    fi
else
    echo "python: no venv at $VENV (run make install first); skipping the Python packages"
fi
