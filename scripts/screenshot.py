#!/usr/bin/env python
"""Headless Chromium for HTML reports: the DOM after the page's scripts ran, and screenshots.

Not part of the installed package: used by scripts/make_seed_reports.py (the committed
screenshot) and tests/test_report_browser.py (the report's filters in a real browser). Needs
Chromium (Debian package `chromium`).

    .venv/bin/python scripts/screenshot.py report.html shot.png [--width 1400 --height 1800]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars")


class ChromiumError(RuntimeError):
    """Chromium is missing, or it failed on a page."""


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium(page: str | Path, extra: Sequence[str], timeout: float) -> str:
    exe = find_chromium()
    if exe is None:
        raise ChromiumError("headless Chromium not found (Debian: apt-get install chromium)")
    url = Path(page).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="mtaudit-chromium-") as profile:
        proc = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise ChromiumError(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return proc.stdout


def dump_dom(page: str | Path, *, timeout: float = 60) -> str:
    """The DOM of an HTML file after its scripts ran, as serialised by headless Chromium."""
    return _chromium(page, ["--dump-dom"], timeout)


def screenshot(page: str | Path, png: str | Path, *, width: int = 1400, height: int = 1800,
               timeout: float = 60) -> None:
    """A PNG screenshot of the top ``height`` pixels of an HTML file."""
    _chromium(page, [f"--window-size={width},{height}", f"--screenshot={Path(png).resolve()}"],
              timeout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("page", type=Path, help="HTML file")
    ap.add_argument("png", type=Path, help="PNG file to write")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1800)
    args = ap.parse_args(argv)
    try:
        screenshot(args.page, args.png, width=args.width, height=args.height)
    except (ChromiumError, subprocess.TimeoutExpired) as exc:
        print(f"screenshot: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
