"""The witness's memory: per log origin, the latest checkpoint it cosigned, never going back.

SQLite in WAL mode with ``synchronous=FULL``: a commit is on disk (the WAL fsync'd) before
``save`` returns, so a cosignature is never given for a state a crash could lose. One process
owns the file (an exclusive lock beside it): the check of ``old`` and the update must be one
atomic step (the spec's race), which the service makes by judging in one task, in order. A
row is only ever replaced by a larger size (or the same checkpoint): ``save`` refuses
anything else, so not even a bug above it can roll the witness back.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from core.witness import Latest
from services.application.audit.errors import AuditInputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS latest (
    origin TEXT PRIMARY KEY,
    size INTEGER NOT NULL CHECK (size >= 0),
    root BLOB NOT NULL CHECK (length(root) = 32),
    note TEXT NOT NULL
)
"""
# Not even a bug above may roll a log back: the database refuses a smaller size itself.
_NEVER_BACK = """
CREATE TRIGGER IF NOT EXISTS never_back BEFORE UPDATE ON latest
WHEN NEW.size < OLD.size OR (NEW.size = OLD.size AND NEW.root != OLD.root)
BEGIN SELECT RAISE(ABORT, 'a witness never goes back'); END
"""


# A checkpoint the log's key signed that does not extend what was cosigned: kept, as proof.
_EVIDENCE = """
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    note TEXT NOT NULL,
    reason TEXT NOT NULL
)
"""


class WitnessStateError(AuditInputError):
    """The state file cannot be used (locked by another witness, unreadable)."""


class WitnessState:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = (path.parent / (path.name + ".lock")).open("a")
        except OSError as e:
            raise WitnessStateError(f"cannot use the witness state {path}: {e.strerror}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise WitnessStateError(
                f"another witness is running on {path}: one process per state file"
            ) from None
        try:
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute(_SCHEMA)
            self.db.execute(_NEVER_BACK)
            self.db.execute(_EVIDENCE)
        except sqlite3.Error as e:
            self._lock.close()
            raise WitnessStateError(f"cannot use the witness state {path}: {e}") from None

    def load(self) -> dict[str, Latest]:
        rows = self.db.execute("SELECT origin, size, root, note FROM latest").fetchall()
        return {o: Latest(size=s, root=bytes(r), note=n) for o, s, r, n in rows}

    def evidence(self) -> list[tuple[str, str, str]]:
        """(origin, note, why refused) of each inconsistent checkpoint the log's key signed."""
        rows = self.db.execute("SELECT origin, note, reason FROM evidence ORDER BY id")
        return [(o, n, r) for o, n, r in rows.fetchall()]

    def save(
        self, rows: Iterable[tuple[str, Latest]], evidence: Iterable[tuple[str, str, str]] = ()
    ) -> None:
        """Each origin's new latest checkpoint (and the evidence kept), in one transaction, on
        disk when it returns."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO latest (origin, size, root, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (origin) DO UPDATE SET size = excluded.size, "
                "root = excluded.root, note = excluded.note",
                [(o, x.size, x.root, x.note) for o, x in rows],
            )
            db.executemany(
                "INSERT INTO evidence (origin, note, reason) VALUES (?, ?, ?)", list(evidence)
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
        self._lock.close()
