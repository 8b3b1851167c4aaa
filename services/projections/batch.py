"""A batch of row changes, merged per row in memory, then written table by table.

Merging keeps a batch's cost near a bulk insert: a row inserted then updated in
the same batch is inserted once, with its final values. Per table, deletes go
first, then inserts, replacements (upserts) and updates, each as one
executemany; a key is in one of those states only, so the order is safe.
An update that finds no row stops everything: a read model never drops a fact.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from projections.changes import Change, Insert, Key, Row, Update, Upsert

NEW, PUT, SET, GONE = "insert", "upsert", "update", "delete"


class ProjectionError(Exception):
    """The read models and the log disagree: the worker stops rather than skip a fact."""


class Batch:
    def __init__(self) -> None:
        self._rows: dict[Table, dict[Key, tuple[str, Row]]] = defaultdict(dict)
        self.changes = 0

    def add(self, change: Change) -> None:
        self.changes += 1
        table = change.table
        rows = self._rows[table]
        if isinstance(change, Insert | Upsert):
            key = tuple([change.row[name] for name in _key_names(table)])
        else:
            key = change.key
        pending = rows.get(key)
        if isinstance(change, Insert):
            if pending is not None and pending[0] != GONE:
                raise ProjectionError(f"{table.name}: a second row for {key}")
            rows[key] = (NEW if pending is None else PUT, change.row)
        elif isinstance(change, Upsert):
            rows[key] = (NEW if pending is not None and pending[0] == NEW else PUT, change.row)
        elif isinstance(change, Update):
            if pending is None:
                rows[key] = (SET, dict(change.values))
            elif pending[0] == GONE:
                raise ProjectionError(f"{table.name}: an update of {key}, deleted before")
            else:
                rows[key] = (pending[0], {**pending[1], **change.values})
        elif pending is not None and pending[0] == NEW:
            del rows[key]  # inserted and deleted within the batch: never written
        else:
            rows[key] = (GONE, {})

    def write(self, conn: Connection) -> None:
        for table, rows in self._rows.items():
            by_state: dict[str, list[tuple[Key, Row]]] = defaultdict(list)
            for key, (state, row) in rows.items():
                by_state[state].append((key, row))
            _delete(conn, table, [k for k, _ in by_state[GONE]])
            _insert(conn, table, [r for _, r in by_state[NEW]])
            _upsert(conn, table, [r for _, r in by_state[PUT]])
            _update(conn, table, by_state[SET])


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


def _delete(conn: Connection, table: Table, keys: list[Key]) -> None:
    if keys:
        conn.execute(table.delete().where(_where_key(table)), [_key_params(table, k) for k in keys])


def _insert(conn: Connection, table: Table, rows: list[Row]) -> None:
    if rows:
        conn.execute(table.insert(), _full(table, rows))


def _upsert(conn: Connection, table: Table, rows: list[Row]) -> None:
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    keys = [c.name for c in table.primary_key.columns]
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    if others:
        statement = statement.on_conflict_do_update(index_elements=keys, set_=others)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    conn.execute(statement, _full(table, rows))


def _update(conn: Connection, table: Table, keyed: list[tuple[Key, Row]]) -> None:
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
        if conn.dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
            missing = len(params) - result.rowcount
            keys = [[p[f"k_{c.name}"] for c in table.primary_key.columns] for p in params[:3]]
            raise ProjectionError(
                f"{table.name}: {missing} of {len(params)} updates found no row (keys {keys}...)"
            )
