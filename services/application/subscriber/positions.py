"""Which log positions a subscriber has handled: redelivery becomes a no-op.

JetStream delivers at least once. A handler that records the position in the
same transaction as its effect (``once``) does each event's work exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class ProcessedPositions(Protocol):
    def handled(self, position: int) -> bool:
        """Whether the event at this position has been handled already."""
        ...

    def resume_from(self) -> int:
        """The first position after everything handled: where a restart reads from."""
        ...


class SqlitePositions:
    """Handled positions of one subscriber in a SQLite file, next to the subscriber's own tables."""

    def __init__(self, path: Path | str, subscriber: str) -> None:
        self.subscriber = subscriber
        self.db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS handled_positions ("
            " subscriber TEXT NOT NULL, position INTEGER NOT NULL,"
            " PRIMARY KEY (subscriber, position))"
        )

    def handled(self, position: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM handled_positions WHERE subscriber = ? AND position = ?",
            (self.subscriber, position),
        ).fetchone()
        return row is not None

    def resume_from(self) -> int:
        (last,) = self.db.execute(
            "SELECT MAX(position) FROM handled_positions WHERE subscriber = ?", (self.subscriber,)
        ).fetchone()
        return int(last or 0) + 1

    def once(self, position: int, effect: Callable[[sqlite3.Connection], None]) -> bool:
        """Run ``effect`` and record ``position`` in one transaction, unless already handled.

        Returns whether the effect ran: False means a redelivery, nothing done.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self.handled(position):
                self.db.execute("ROLLBACK")
                return False
            effect(self.db)
            self.db.execute(
                "INSERT INTO handled_positions (subscriber, position) VALUES (?, ?)",
                (self.subscriber, position),
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        return True

    def close(self) -> None:
        self.db.close()
