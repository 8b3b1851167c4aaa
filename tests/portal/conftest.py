"""Givens of the portal's tests: the demo year drawn by lot, its read models, the portal
serving them under uvicorn, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from examples.paris_year import Story
from tests.portal.server import portal
from tests.portal.year import year

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "test-artefacts" / "portal"
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


@pytest.fixture(scope="session")
def demo_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Story]:
    """The demo's year, its panel drawn here by lot from 2,000 respondents, and its read models
    (SQLite) caught up: the environment naming both, and the story."""
    return year(tmp_path_factory.mktemp("portal-year"))


@pytest.fixture(scope="session")
def served(demo_year: tuple[dict[str, str], Story], tmp_path_factory) -> Iterator[str]:
    env, _ = demo_year
    log = tmp_path_factory.mktemp("portal-log") / "uvicorn.log"
    with portal(env, log=log) as url:
        yield url


@pytest.fixture(scope="session")
def aid(demo_year: tuple[dict[str, str], Story]) -> str:
    return str(demo_year[1].assembly_id)


@pytest.fixture(scope="package")  # Playwright's loop runs while it lives: not past tests/portal
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _needed("Chromium", "apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe() -> str:
    if not AXE.exists():
        _needed("axe-core", "run `npm ci` at the repository's root")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artefacts() -> Path:
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    ARTEFACTS.mkdir(parents=True)
    return ARTEFACTS
