#!/usr/bin/env bash
# Install mtaudit and everything its tests need into .venv, from scratch (idempotent).
#   - torch is pinned by constraints.txt to the 2.13.0 CPU build (any other request pulls
#     several GB of CUDA packages);
#   - Debian's chromium is installed when we are root and it is missing (HTML report tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt -e '.[mt,dev,scale]'
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian chromium for the HTML report tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup: could not install chromium; the browser test will be skipped" >&2
  else
    echo "setup: chromium not found; the browser test will be skipped (apt-get install chromium)" >&2
  fi
fi
echo "setup: done (.venv ready)" >&2
