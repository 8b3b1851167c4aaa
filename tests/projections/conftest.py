from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from examples.paris_year import DEMO, Story, paris_year
from tests.projections.support import Databases, application, databases
from tests.support.natsd import unique_stream


@pytest.fixture(scope="module")
def year_env() -> dict[str, str]:
    """A fresh stream holding the demo's scripted Paris year (about 1,900 events)."""
    env = unique_stream()
    app = application(env)
    try:
        paris_year(app, DEMO)
    finally:
        app.close()
    return env


@pytest.fixture
def app(year_env) -> Iterator[AssemblyRecord]:
    application_ = application(year_env)
    yield application_
    application_.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    with databases(request.param, tmp_path) as made:
        yield made


__all__ = ["Story"]
