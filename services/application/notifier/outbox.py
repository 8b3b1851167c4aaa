"""The notifier's SQLite file: who is seated where, and the notifications to send."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from core.assembly.sittings.facts import SessionCancelled, SessionPostponed, SessionScheduled

TABLES = (
    "CREATE TABLE IF NOT EXISTS seated ("
    " assembly TEXT NOT NULL, member TEXT NOT NULL, grp TEXT,"
    " PRIMARY KEY (assembly, member))",
    "CREATE TABLE IF NOT EXISTS notifications ("
    " position INTEGER NOT NULL, member TEXT NOT NULL, assembly TEXT NOT NULL,"
    " session TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,"
    " starts_at TEXT NOT NULL, sent_at TEXT,"
    " PRIMARY KEY (position, member))",
)
# What a notification tells: a session scheduled, postponed (starts_at is the new start) or
# cancelled. An outbox written before it existed gains the column, its rows all "scheduled".
WHAT = "ALTER TABLE notifications ADD COLUMN what TEXT NOT NULL DEFAULT 'scheduled'"


@dataclass(frozen=True)
class Notification:
    position: int  # the SessionScheduled event that caused it
    member: str  # a pseudonym, never a name
    assembly: str
    session: str
    kind: str
    title: str
    starts_at: str
    sent_at: str | None
    what: str = "scheduled"  # or "postponed" (starts_at: the new start) or "cancelled"


def create(db: sqlite3.Connection) -> None:
    for statement in TABLES:
        db.execute(statement)
    columns = {row[1] for row in db.execute("PRAGMA table_info(notifications)")}
    if "what" not in columns:
        db.execute(WHAT)


def seat(db: sqlite3.Connection, assembly: str, member: str) -> None:
    db.execute("INSERT OR IGNORE INTO seated (assembly, member) VALUES (?, ?)", (assembly, member))


def unseat(db: sqlite3.Connection, assembly: str, member: str) -> None:
    db.execute("DELETE FROM seated WHERE assembly = ? AND member = ?", (assembly, member))


def join_group(db: sqlite3.Connection, assembly: str, member: str, group: str) -> None:
    db.execute(
        "UPDATE seated SET grp = ? WHERE assembly = ? AND member = ?", (group, assembly, member)
    )


def notify_session(db: sqlite3.Connection, position: int, event: SessionScheduled) -> None:
    """One notification per member concerned: everyone seated, or the group's members."""
    db.execute(
        "INSERT INTO notifications (position, member, assembly, session, kind, title, starts_at)"
        " SELECT ?, member, assembly, ?, ?, ?, ? FROM seated"
        " WHERE assembly = ? AND (? IS NULL OR grp = ?)",
        (
            position,
            str(event.session),
            event.kind.value,
            event.title,
            event.starts_at.isoformat(),
            str(event.originator_id),
            event.group,
            event.group,
        ),
    )


def notify_change(
    db: sqlite3.Connection, position: int, event: SessionPostponed | SessionCancelled
) -> None:
    """The members told of a session, still seated, are told it moved or will not sit."""
    postponed = event.starts_at.isoformat() if isinstance(event, SessionPostponed) else None
    db.execute(
        "INSERT INTO notifications"
        " (position, member, assembly, session, kind, title, starts_at, what)"
        " SELECT ?, n.member, n.assembly, n.session, n.kind, n.title,"
        " COALESCE(?, n.starts_at), ?"
        " FROM notifications n JOIN seated s ON s.assembly = n.assembly AND s.member = n.member"
        " WHERE n.session = ? AND n.what = 'scheduled'",
        (
            position,
            postponed,
            "cancelled" if postponed is None else "postponed",
            str(event.session),
        ),
    )


def notifications(db: sqlite3.Connection) -> list[Notification]:
    rows = db.execute(
        "SELECT position, member, assembly, session, kind, title, starts_at, sent_at, what"
        " FROM notifications ORDER BY position, member"
    )
    return [Notification(*row) for row in rows]
