"""Givens for the read-side tests: a year on a fresh stream, databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from commands.application import AssemblyRecord
from services.adapters.readstore.database import open_engine
from services.adapters.readstore.runner import Projector
from services.adapters.readstore.source import LogSource
from tests.support.store import MAPPER

POSTGRES_URL = os.environ.get(
    "PROJECTIONS_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def application(env: dict[str, str]) -> AssemblyRecord:
    return AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )


def postgres_or_skip() -> None:
    """PostgreSQL must answer in CI; elsewhere its absence skips the test, with the reason."""
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        reason = f"PostgreSQL unreachable at {POSTGRES_URL}: {error.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()


@dataclass
class Databases:
    """Fresh, empty read-side databases of one kind: SQLite files, or PostgreSQL schemas."""

    kind: str
    tmp: Path
    engines: list[Engine] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)

    def url_and_options(self) -> tuple[str, dict[str, Any]]:
        """A new database: its URL and engine options (PostgreSQL: a schema of its own)."""
        if self.kind == "sqlite":
            self.schemas.append("")
            return f"sqlite:///{self.tmp / f'read-{len(self.schemas)}.sqlite'}", {}
        schema = f"rm_{secrets.token_hex(6)}"
        with _admin() as admin, admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        return POSTGRES_URL, {"execution_options": {"schema_translate_map": {None: schema}}}

    def engine(self) -> Engine:
        return self.engine_on(*self.url_and_options())

    def engine_on(self, url: str, options: dict[str, Any]) -> Engine:
        engine = open_engine(url, **options)
        self.engines.append(engine)
        return engine

    def drop(self) -> None:
        for engine in self.engines:
            engine.dispose()
        schemas = [s for s in self.schemas if s]
        if schemas:
            with _admin() as admin, admin.begin() as conn:
                for schema in schemas:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@contextmanager
def _admin() -> Iterator[Engine]:
    engine = create_engine(POSTGRES_URL)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def databases(kind: str, tmp: Path) -> Iterator[Databases]:
    if kind == "postgres":
        postgres_or_skip()
    made = Databases(kind, tmp)
    try:
        yield made
    finally:
        made.drop()


def projector(engine: Engine, app: AssemblyRecord, **options: Any) -> Projector:
    return Projector(engine, LogSource(app), **options)
