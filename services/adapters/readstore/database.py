"""The read models' database: a SQLite file in the data folder, or PostgreSQL by DATABASE_URL.

The schema is the project's: created from the SQLAlchemy metadata on first
use, and migrated by rebuilding. Each read model records the version of its
tables next to its position; when the code's version differs, that read
model's tables are dropped, created anew and refilled from the log.

SQLite runs in WAL mode (readers never wait for the worker) and writers take
the lock when they begin (``BEGIN IMMEDIATE``), so two writers queue instead of
deadlocking; PostgreSQL serialises writers on the positions' rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, inspect, select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from projections.catalogue import READ_MODELS
from projections.changes import ReadModel
from projections.schema import metadata, positions
from services.adapters.readstore.plain import BUSY_SECONDS, SQLITE_FILE
from services.config import SettingError, Settings


class DatabaseUnusable(Exception):
    """The read models' database cannot be opened where it is said to be; the message says why."""


# What DATABASE_URL may start with, and the SQLAlchemy driver each is used through.
DRIVERS = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
}
SUPPORTED = "PostgreSQL (postgresql://USER@HOST/DATABASE) or SQLite (sqlite:///PATH)"


def database_url(settings: Settings) -> str:
    """DATABASE_URL (``postgresql://`` is used through psycopg 3), else the data folder's file."""
    url = settings.database_url
    if not url:
        return f"sqlite:///{settings.home / SQLITE_FILE}"
    return checked_url(url)


def checked_url(url: str, setting: str = "DATABASE_URL") -> str:
    """A database URL (from ``setting``) as SQLAlchemy takes it, or SettingError naming what to
    write instead."""
    scheme, sep, rest = url.partition("://")
    driver = DRIVERS.get(scheme.lower()) if sep else None
    if driver is None:
        said = f"starts with {scheme + '://'!r}" if sep else "is not a URL"
        raise SettingError(f"{setting} {said}: it may name only {SUPPORTED}")
    try:
        make_url(f"{driver}://{rest}")
    except (ArgumentError, ValueError):  # never quoted: the URL may hold a password
        raise SettingError(
            f"{setting} cannot be read as a database URL: write it as {SUPPORTED}"
        ) from None
    return f"{driver}://{rest}"


def open_engine(url: str, **options: Any) -> Engine:
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file and file != ":memory:":
        folder = Path(file).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseUnusable(
                f"cannot create the folder {folder} for the read models' SQLite file ({e.strerror})"
            ) from e
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(
        "PRAGMA synchronous = NORMAL"
    )  # a lost tail is rebuilt: rows and position go together
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("writing", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, committed at the end (rolled back on any error)."""
    with engine.connect().execution_options(writing=True) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            # Writers one at a time: a schema change never races a batch (worker and `show`
            # may start together); batches would queue on the positions' rows anyway.
            conn.execute(select(func.pg_advisory_xact_lock(0x61737365)))  # "asse"
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def ensure_schema(engine: Engine, models: tuple[ReadModel, ...] = READ_MODELS) -> None:
    """Create what is missing; a read model whose version changed is dropped and rebuilt."""
    with writing(engine) as conn:
        positions.create(conn, checkfirst=True)
        known = {
            r.name: r.version for r in conn.execute(select(positions.c.name, positions.c.version))
        }
        schema = conn.get_execution_options().get("schema_translate_map", {}).get(None)
        tables = set(inspect(conn).get_table_names(schema=schema))
        for model in models:
            complete = all(t.name in tables for t in model.tables)
            if known.get(model.name) == model.version and complete:
                continue
            _reset(conn, model, exists=model.name in known)


def reset(engine: Engine, models: tuple[ReadModel, ...] = READ_MODELS) -> None:
    """Drop the read models' tables and create them empty, at position 0, in one transaction."""
    ensure_schema(engine, models)
    with writing(engine) as conn:
        for model in models:
            _reset(conn, model, exists=True)


def _reset(conn: Connection, model: ReadModel, *, exists: bool) -> None:
    for table in reversed(model.tables):
        table.drop(conn, checkfirst=True)
    for table in model.tables:
        table.create(conn)
    if exists:
        conn.execute(
            sql_update(positions)
            .where(positions.c.name == model.name)
            .values(version=model.version, position=0)
        )
    else:
        conn.execute(insert(positions).values(name=model.name, version=model.version, position=0))


def caught_up(engine: Engine, target: int, models: tuple[ReadModel, ...] = READ_MODELS) -> bool:
    """Whether every read model, at its current version, has applied the log up to ``target``:
    then a reader may read them as they are, with nothing to create, change or catch up (a
    database not yet made, or any doubt, answers False: the caller catches up the usual way)."""
    query = select(positions.c.name, positions.c.version, positions.c.position)
    try:
        with reading(engine) as conn:
            stored = {name: (version, at) for name, version, at in conn.execute(query)}
    except DBAPIError:
        return False
    return all(
        stored.get(m.name, (None, -1))[0] == m.version and stored[m.name][1] >= target
        for m in models
    )


def read_positions(conn: Connection) -> dict[str, int]:
    query = select(positions.c.name, positions.c.position).order_by(positions.c.name)
    return {name: pos for name, pos in conn.execute(query)}


def dump(
    engine: Engine, models: tuple[ReadModel, ...] = READ_MODELS
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read model's tables, in primary-key order: for comparing two builds."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with reading(engine) as conn:
        for model in models:
            for table in model.tables:
                query = select(table).order_by(*table.primary_key.columns)
                out[table.name] = [tuple(r) for r in conn.execute(query)]
    return out


__all__ = [
    "DatabaseUnusable",
    "checked_url",
    "database_url",
    "dump",
    "ensure_schema",
    "metadata",
    "open_engine",
    "reading",
    "reset",
    "writing",
]
