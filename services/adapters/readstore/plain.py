"""The default read models (the SQLite file in the data folder) opened with the standard
library's sqlite3, only when they already hold the log's last event: a reader that finds them
so (`assembly show roster`, while `assembly projections run` keeps them current) reads them as
they are, without importing SQLAlchemy. Any other case (DATABASE_URL set, no file yet, a read
model behind the log or at another version, the log's end unknown, any error) answers None:
the caller takes the usual path, which creates, migrates and catches up.
"""

from __future__ import annotations

import sqlite3

from projections import plain
from services.adapters.embedded import last_sequence
from services.config import Settings

SQLITE_FILE = "projections.sqlite"
BUSY_SECONDS = 60


def current_sqlite(settings: Settings, after: int | None) -> sqlite3.Connection | None:
    """The default read models in a read transaction when every one of them holds the log up to
    ``after`` (default: its last event, as the embedded server tells it); else None."""
    if settings.database_url:
        return None
    target = last_sequence(settings) if after is None else after
    path = settings.home / SQLITE_FILE
    if target is None or not path.is_file():
        return None
    try:  # mode=rw: never creates the file; nothing is written
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        conn.execute("BEGIN")  # one snapshot: the positions checked and the rows read
        if plain.caught_up(conn, target):
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None
