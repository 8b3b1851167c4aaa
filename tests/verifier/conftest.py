"""Givens of the second verifier's tests: its page served as static files (any server does;
nothing but the page's own files is ever asked for) and Debian's Chromium, driven by
Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "verifier"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "test-artefacts" / "verifier"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _needed(what: str, fix: str) -> None:
    """A missing tool fails on CI and skips elsewhere, with the fix."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: {fix}")
    pytest.skip(f"{what} is missing: {fix}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="package")
def page_url() -> Iterator[str]:
    """verifier/ served by a plain static server on a free loopback port."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGE))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")  # Playwright's loop runs while it lives: not past tests/verifier
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _needed("Chromium", "apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="package")
def axe() -> str:
    if not AXE.exists():
        _needed("axe-core", "run `npm ci` at the repository's root")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def artefacts() -> Path:
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    ARTEFACTS.mkdir(parents=True)
    return ARTEFACTS
