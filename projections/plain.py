"""The roster read with the standard library's sqlite3, for `assembly show roster` on the
default SQLite read models: importing SQLAlchemy costs a cold command more than all the rest of
its work. The same questions as ``roster.members``, ``roster.history`` and
``timeline.record_kind``, asked in the SQL their SQLAlchemy queries compile to, answered with
the same rows (tests/cli/test_show_plain.py: the same output through both paths on the scripted
year, in both languages); every other reader uses SQLAlchemy.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

VERSIONS = {
    "assemblies": 1,
    "draws": 1,
    "roster": 2,
    "composition": 2,
    "groups": 2,
    "attendance": 3,
    "training": 1,
    "amendments": 1,
    "ballots": 2,
    "recommendations": 3,
    "corrections": 1,
    "timeline": 4,
}
"""Each read model's version, as projections.catalogue.READ_MODELS has it (tested equal): read
models at another version are rebuilt by the usual path, never read here."""

RECORDS = {"assembly convened": "assembly", "draw opened": "draw"}
"""timeline.RECORDS (tested equal): what a record is, told by the kind of its first fact."""

_MEMBERS = (
    "SELECT assembly_id, member, subpool, criteria, status, since, reserve_rank,"
    " working_group, replaces, replaced_by FROM roster WHERE assembly_id = :aid"
)
_HISTORY = (
    "SELECT position, member, assembly_id, status, at, by, reason FROM roster_history"
    " WHERE assembly_id = :aid AND member = :member ORDER BY position"
)


def caught_up(conn: sqlite3.Connection, target: int) -> bool:
    """Whether every read model, at its current version, has applied the log up to ``target``."""
    rows = conn.execute("SELECT name, version, position FROM projection_positions")
    stored = {name: (version, at) for name, version, at in rows}
    return all(
        stored.get(name, (None, -1))[0] == version and stored[name][1] >= target
        for name, version in VERSIONS.items()
    )


def record_kind(conn: sqlite3.Connection, record_id: str) -> str | None:
    query = "SELECT kind FROM timeline WHERE assembly_id = :id ORDER BY position LIMIT 1"
    first = conn.execute(query, {"id": record_id}).fetchone()
    return None if first is None else RECORDS.get(first[0], first[0])


def members(
    conn: sqlite3.Connection, assembly_id: str, status: str | None = None
) -> list[dict[str, Any]]:
    where = " AND status = :status" if status is not None else ""
    query = f"{_MEMBERS}{where} ORDER BY subpool, member"
    rows = _rows(conn.execute(query, {"aid": assembly_id, "status": status}))
    return [{**r, "criteria": json.loads(r["criteria"])} for r in rows]


def history(conn: sqlite3.Connection, assembly_id: str, member: str) -> list[dict[str, Any]]:
    return _rows(conn.execute(_HISTORY, {"aid": assembly_id, "member": member}))


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
