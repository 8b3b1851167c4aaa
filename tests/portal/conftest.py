"""Givens of the portal's tests: the demo year drawn by lot, its read models, the portal
serving them under uvicorn, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from examples.paris_year import Story
from tests.portal.server import portal
from tests.portal.year import year
from tests.support.browser import artefacts_folder, axe_source, chromium


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
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    return artefacts_folder("portal")
