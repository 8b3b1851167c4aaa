"""Debian's Chromium driven by Playwright, and axe-core from npm: what the portal's and the
second verifier's page tests share."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_ARGS = [  # no background connections: this machine's network is closed
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def needed(what: str, fix: str) -> None:
    """A missing tool fails on CI and skips elsewhere, with the fix."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing: {fix}")
    pytest.skip(f"{what} is missing: {fix}")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium for as long as the block lasts. Playwright's loop runs while it
    lives: a fixture holding it is at most package-scoped, or it breaks later tests' loops."""
    if not Path(CHROMIUM).exists():
        needed("Chromium", "apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def axe_source() -> str:
    if not AXE.exists():
        needed("axe-core", "run `npm ci` at the repository's root")
    return AXE.read_text(encoding="utf-8")


def artefacts_folder(name: str) -> Path:
    """test-artefacts/NAME, emptied: screenshots kept for people to look at (not in git)."""
    folder = ROOT / "test-artefacts" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
