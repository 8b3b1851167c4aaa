"""A batch of row changes, merged per row in memory, then written table by table.

Merging keeps a batch's cost near a bulk insert: a row inserted then updated in
the same batch is inserted once, with its final values. Per table, deletes go
first, then inserts, replacements (upserts) and updates, each in bulk; a key
is in one of those states only, so the order is safe. The batch's SQL and its
parameters are made first (``steps``), so a committing thread only runs them.
An update that finds no row stops everything: a read model never drops a fact.

Inserts and upserts are the bulk of a catch-up, so they skip SQLAlchemy's
per-row parameter building: on SQLite the statement is compiled once per table
(the engine's ``schema_translate_map`` rendered in) and the rows go in as tuples in
its parameters' order, the columns' own bind processors applied (the same SQL and
values SQLAlchemy would send), many rows per INSERT (one long step with the GIL
released, not one per row); on PostgreSQL new rows go in by COPY, in the
batch's transaction. Upserts on PostgreSQL stay SQLAlchemy's executemany
(psycopg pipelines them: measured faster end to end than INSERTs of many rows
each).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, bindparam
from sqlalchemy.exc import DBAPIError

from projections.changes import Amend, Change, Delete, Insert, Key, Row, Update, Upsert

NEW, PUT, SET, GONE, AMEND = "insert", "upsert", "update", "delete", "amend"
SQLITE_PARAMETERS = 32_766  # SQLite's limit on a statement's parameters (since 3.32)


class ProjectionError(Exception):
    """The read models and the log disagree: the worker stops rather than skip a fact."""


class Batch:
    def __init__(self) -> None:
        self._rows: dict[Table, Pending] = {}
        self.changes = 0

    def add(self, change: Change) -> None:
        self.add_all((change,))

    def add_all(self, changes: Iterable[Change]) -> None:
        """Merge changes, in order (the hot loop of a catch-up: plain dict work)."""
        tables = self._rows
        count = 0
        for change in changes:
            count += 1
            table = change.table
            rows = tables.get(table)
            if rows is None:
                rows = tables[table] = {}
            if change.__class__ is Insert:  # most changes: merged here, without a call
                row = change.row
                key = _key_of(table)(row)
                if key in rows:
                    _merge_insert(rows, table, change)
                else:
                    rows[key] = (NEW, row)
                continue
            merge = _MERGE.get(change.__class__)
            if merge is None:
                raise TypeError(f"not a row change: {change!r}")
            merge(rows, table, change)
        self.changes += count

    def write(self, conn: Connection) -> None:
        for step in self.steps(conn.engine):
            step(conn)

    def steps(self, engine: Engine) -> list[Step]:
        """The batch as statements to run, each with its parameters made now: whoever runs
        them (a committing thread) has only the database's own work left. Per table:
        deletes, then inserts, replacements (upserts) and updates."""
        out: list[Step] = []
        for table, rows in self._rows.items():
            pending = rows.items()
            gone = [k for k, (s, _) in pending if s is GONE]
            new = [r for s, r in rows.values() if s is NEW]
            put = [r for s, r in rows.values() if s is PUT]
            changed = [(k, r) for k, (s, r) in pending if s is SET]
            amended = [(k, r) for k, (s, r) in pending if s is AMEND]
            if gone:
                out.append(functools.partial(_delete, table=table, keys=gone))
            if new:
                out.append(_bulk(engine, table, new, upsert=False))
            if put:
                out.append(_bulk(engine, table, put, upsert=True))
            if changed:
                out.append(functools.partial(_update, table=table, keyed=changed))
            if amended:
                out.append(functools.partial(_update, table=table, keyed=amended, found=False))
        return out


Step = Callable[[Connection], None]
Pending = dict[Key, tuple[str, Row]]


def _merge_insert(rows: Pending, table: Table, change: Insert) -> None:
    row = change.row
    key = _key_of(table)(row)
    pending = rows.get(key)
    if pending is None:
        rows[key] = (NEW, row)
    elif pending[0] == GONE:
        rows[key] = (PUT, row)
    else:
        raise ProjectionError(f"{table.name}: a second row for {key}")


def _merge_upsert(rows: Pending, table: Table, change: Upsert) -> None:
    row = change.row
    key = _key_of(table)(row)
    pending = rows.get(key)
    rows[key] = (NEW if pending is not None and pending[0] == NEW else PUT, row)


def _merge_update(rows: Pending, table: Table, change: Update) -> None:
    key = change.key
    pending = rows.get(key)
    if pending is None:
        rows[key] = (SET, dict(change.values))
    elif pending[0] == GONE:
        raise ProjectionError(f"{table.name}: an update of {key}, deleted before")
    else:
        rows[key] = (pending[0], {**pending[1], **change.values})


def _merge_amend(rows: Pending, _table: Table, change: Amend) -> None:
    key = change.key
    pending = rows.get(key)
    if pending is None:
        rows[key] = (AMEND, dict(change.values))
    elif pending[0] != GONE:  # deleted before: nothing left to amend
        rows[key] = (pending[0], {**pending[1], **change.values})


def _merge_delete(rows: Pending, _table: Table, change: Delete) -> None:
    key = change.key
    pending = rows.get(key)
    if pending is not None and pending[0] == NEW:
        del rows[key]  # inserted and deleted within the batch: never written
    else:
        rows[key] = (GONE, {})


_MERGE: dict[type, Callable[[Pending, Table, Any], None]] = {
    Insert: _merge_insert,
    Upsert: _merge_upsert,
    Update: _merge_update,
    Amend: _merge_amend,
    Delete: _merge_delete,
}


@cache
def _key_of(table: Table) -> Callable[[Row], Key]:
    """A row's primary key, as the tuple handlers name it by."""
    names = _key_names(table)
    if len(names) == 1:
        (name,) = names
        return lambda row: (row[name],)
    key: Callable[[Row], Key] = itemgetter(*names)  # a tuple, made in C
    return key


@cache
def _key_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


@cache
def _names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns)


def _full(table: Table, rows: list[Row]) -> list[Row]:
    names = _names(table)
    return [r if len(r) == len(names) else {n: r.get(n) for n in names} for r in rows]


def _where_key(table: Table) -> Any:
    return and_(*(c == bindparam(f"k_{c.name}") for c in table.primary_key.columns))


def _key_params(table: Table, key: Key) -> Row:
    return {f"k_{c.name}": v for c, v in zip(table.primary_key.columns, key, strict=True)}


def _delete(conn: Connection, *, table: Table, keys: list[Key]) -> None:
    conn.execute(table.delete().where(_where_key(table)), [_key_params(table, k) for k in keys])


def _upsert_statement(engine: Engine, table: Table) -> Any:
    # Each dialect's module (psycopg's, ~100 ms) imported by the database that uses it.
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as dialect  # noqa: PLC0415
    else:
        from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]  # noqa: PLC0415
    statement = dialect.insert(table)
    keys = [c.name for c in table.primary_key.columns]
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    if others:
        return statement.on_conflict_do_update(index_elements=keys, set_=others)
    return statement.on_conflict_do_nothing(index_elements=keys)


class _Plan:
    """Whole rows of a table as its driver takes them in bulk: the SQL (an INSERT or upsert
    with positional parameters on SQLite, a COPY on PostgreSQL), the columns in its order,
    and each column's bind processor (or None), as SQLAlchemy would apply them."""

    def __init__(self, engine: Engine, table: Table, upsert: bool) -> None:
        schemas = engine.get_execution_options().get("schema_translate_map")
        names = _names(table)
        if engine.dialect.name == "postgresql":
            quote = engine.dialect.identifier_preparer.quote
            schema = (schemas or {}).get(table.schema, table.schema)
            where = f"{quote(schema)}.{quote(table.name)}" if schema else quote(table.name)
            self.sql = f"COPY {where} ({', '.join(quote(n) for n in names)}) FROM STDIN"
            self.order = names
        else:
            statement = _upsert_statement(engine, table) if upsert else table.insert()
            compiled = statement.compile(
                dialect=engine.dialect,
                column_keys=list(names),
                schema_translate_map=schemas,
                render_schema_translate=bool(schemas),
            )
            order = compiled.positiontup
            if order is None or sorted(order) != sorted(names):
                raise ProjectionError(f"{table.name}: unexpected parameters {order}")
            self.sql = compiled.string
            self.order = tuple(order)
        # A row naming every column (most do) is read by one itemgetter, in C; a row that
        # leaves some out (None) column by column. (One column: a 1-tuple.)
        self.whole: Callable[[Row], tuple[Any, ...]] = (
            itemgetter(*self.order) if len(self.order) > 1 else lambda r: (r[self.order[0]],)
        )
        self._sql_of: dict[int, str] = {}  # rows -> multi-row INSERT (SQLite)
        types = {c.name: c.type for c in table.columns}
        processors = [types[n].bind_processor(engine.dialect) for n in self.order]
        self.processors = processors if any(processors) else None

    def chunks(self, params: list[tuple[Any, ...]]) -> list[tuple[str, list[Any]]]:
        """SQLite: rows in as few statements as its limit on parameters allows, each a
        multi-row INSERT: one long step with the GIL released (executemany releases and
        takes it back for every row, which another busy thread then makes it wait for)."""
        per = max(1, SQLITE_PARAMETERS // len(self.order))
        out = []
        for i in range(0, len(params), per):
            chunk = params[i : i + per]
            out.append((self._many(len(chunk)), list(chain.from_iterable(chunk))))
        return out

    def _many(self, n: int) -> str:
        sql = self._sql_of.get(n)
        if sql is None:
            head, _, tail = self.sql.partition(" VALUES ")
            group = tail[: tail.index(")") + 1]
            sql = f"{head} VALUES {', '.join([group] * n)}{tail[len(group) :]}"
            if len(self._sql_of) < 64:  # the full chunk's, and a few remainders
                self._sql_of[n] = sql
        return sql

    def params(self, rows: list[Row]) -> list[tuple[Any, ...]]:
        order, whole, width = self.order, self.whole, len(self.order)
        out = [whole(row) if len(row) == width else tuple(map(row.get, order)) for row in rows]
        if self.processors is not None:
            procs = self.processors
            out = [
                tuple(
                    [v if p is None or v is None else p(v) for p, v in zip(procs, t, strict=True)]
                )
                for t in out
            ]
        return out


_plans: dict[tuple[Table, str, Any, bool], _Plan] = {}


def _plan(engine: Engine, table: Table, upsert: bool) -> _Plan:
    schemas = engine.get_execution_options().get("schema_translate_map")
    key = (table, engine.dialect.name, tuple(sorted((schemas or {}).items(), key=str)), upsert)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _Plan(engine, table, upsert)
    return plan


def _bulk(engine: Engine, table: Table, rows: list[Row], upsert: bool) -> Step:
    """SQLite: multi-row INSERTs (see ``_Plan.chunks``). PostgreSQL: new rows by COPY (its
    bulk load, in the same transaction; a duplicate key fails it as an INSERT would),
    upserts by SQLAlchemy."""
    dialect = engine.dialect.name
    if dialect == "sqlite":
        plan = _plan(engine, table, upsert)
        chunks = plan.chunks(plan.params(rows))
        return lambda conn: _statements(conn, chunks)
    if dialect == "postgresql" and not upsert:
        plan = _plan(engine, table, upsert)
        params = plan.params(rows)
        return lambda conn: _copy(conn, plan.sql, params)
    statement = _upsert_statement(engine, table) if upsert else table.insert()
    whole = _full(table, rows)
    return lambda conn: _execute(conn, statement, whole)


def _statements(conn: Connection, chunks: list[tuple[str, list[Any]]]) -> None:
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for sql, params in chunks:
            cursor.execute(sql, params)
    finally:
        cursor.close()


def _execute(conn: Connection, statement: Any, rows: list[Row]) -> None:
    conn.execute(statement, rows)


def _copy(conn: Connection, sql: str, params: list[tuple[Any, ...]]) -> None:
    import psycopg  # noqa: PLC0415 - PostgreSQL's driver, imported by PostgreSQL only

    driver: Any = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in params:
                copy.write_row(row)
    except psycopg.Error as e:  # as SQLAlchemy would raise it (IntegrityError, ...)
        raise DBAPIError.instance(sql, None, e, psycopg.Error, dialect=conn.dialect) from e


def _update(
    conn: Connection, *, table: Table, keyed: list[tuple[Key, Row]], found: bool = True
) -> None:
    """Set columns of rows by key; unless ``found`` is False (an Amend), each row must exist."""
    shapes: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for key, values in keyed:
        columns = tuple(sorted(values))
        shapes[columns].append(
            {**_key_params(table, key), **{f"v_{c}": values[c] for c in columns}}
        )
    for columns, params in shapes.items():
        statement = (
            table.update()
            .where(_where_key(table))
            .values({c: bindparam(f"v_{c}") for c in columns})
        )
        result = conn.execute(statement, params)
        if found and conn.dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
            missing = len(params) - result.rowcount
            keys = [[p[f"k_{c.name}"] for c in table.primary_key.columns] for p in params[:3]]
            raise ProjectionError(
                f"{table.name}: {missing} of {len(params)} updates found no row (keys {keys}...)"
            )
