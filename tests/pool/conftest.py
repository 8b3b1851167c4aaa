from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from services.adapters.registry import open_registry

POSTGRES_URL = os.environ.get(
    "POOL_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A schema of our own on the test PostgreSQL, dropped afterwards."""
    engine = create_engine(POSTGRES_URL)
    try:
        connection = engine.connect()
    except OperationalError as error:
        reason = f"PostgreSQL unreachable at {POSTGRES_URL}: {error.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"pool_{secrets.token_hex(6)}"
    with connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        connection.commit()
        try:
            yield schema
        finally:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.commit()
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A registry session on SQLite in tmp_path, or on PostgreSQL in a fresh schema."""
    if request.param == "sqlite":
        sessions = open_registry(f"sqlite:///{tmp_path / 'registry.sqlite'}")
    else:
        schema = request.getfixturevalue("postgres_schema")
        sessions = open_registry(
            POSTGRES_URL, execution_options={"schema_translate_map": {None: schema}}
        )
    with sessions() as s:
        yield s
    sessions.kw["bind"].dispose()
