"""What a read model asks of its tables for one fact: rows to insert, update, replace or delete.

Read models are pure: a handler takes a fact and returns changes; the worker
applies a whole batch of them, with the position, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Table

Row = dict[str, Any]
Key = tuple[Any, ...]


class Insert(NamedTuple):
    """A new row; its primary key must not exist yet."""

    table: Table
    row: Row


class Update(NamedTuple):
    """Set columns of a row that must exist (an update that finds no row stops the worker)."""

    table: Table
    key: Key
    values: Row


class Amend(NamedTuple):
    """Set columns of a row if it is still there (a correction of the fact that made a row a
    later fact deleted: a member's group after they withdrew)."""

    table: Table
    key: Key
    values: Row


class Upsert(NamedTuple):
    """Insert the row, or replace the one with the same primary key."""

    table: Table
    row: Row


class Delete(NamedTuple):
    """Delete the row with this primary key, if there is one."""

    table: Table
    key: Key


Change = Insert | Update | Amend | Upsert | Delete


def _same_kind(self: object, other: object) -> bool:
    same: bool = self.__class__ is other.__class__ and tuple.__eq__(self, other)  # type: ignore[operator]
    return same


def _other_kind(self: object, other: object) -> bool:
    return not _same_kind(self, other)


# Changes are named tuples (immutable, and made ~3x faster than frozen dataclasses: a catch-up
# makes one per row), equal only to changes of their own kind (Insert(t, r) != Upsert(t, r)).
for _kind in (Insert, Update, Amend, Upsert, Delete):
    _kind.__eq__ = _same_kind  # type: ignore[method-assign]
    _kind.__ne__ = _other_kind  # type: ignore[method-assign]


class Fact(NamedTuple):
    """One event of the log as a read model sees it (a named tuple: immutable, and made
    ~3x faster than a frozen dataclass, once for every event of a catch-up).

    ``event`` is the decoded core event when the core knows the wire name
    (``topic``), else None: the read model may then decode ``data`` itself.
    """

    position: int  # the JetStream stream sequence
    topic: str
    record: UUID | str  # the aggregate: an assembly, or a draw
    version: int
    data: bytes
    event: Any = None


Handler = Callable[[Fact], Iterable[Change]]


@dataclass(frozen=True)
class ReadModel:
    """A read model: the question it answers, its tables, and a handler per wire name.

    ``version`` changes whenever the tables or the handlers change meaning: the
    worker then drops the tables and rebuilds them from the log (that is the
    read side's migration). ``fallback`` takes every fact no handler names, except
    the wire names it ``skips``.
    """

    name: str
    question: str
    version: int
    tables: tuple[Table, ...]
    handlers: Mapping[str, Handler]
    fallback: Handler | None = None
    public: tuple[str, ...] = field(default=())  # tables fit for open data, by name
    skips: frozenset[str] = frozenset()  # wire names the fallback never takes

    def handler(self, topic: str) -> Handler | None:
        if topic in self.skips:
            return self.handlers.get(topic)
        return self.handlers.get(topic, self.fallback)


_texts: dict[int, str] = {}  # a UUID's text by its number (hashing a UUID itself is slower)


def uid(value: UUID | str | None) -> str | None:
    """Ids are stored as their canonical text, the same on SQLite and PostgreSQL."""
    if value is None:
        return None
    if value.__class__ is not UUID:
        return str(value)
    number = value.int
    text = _texts.get(number)
    if text is None:
        if len(_texts) >= 100_000:
            _texts.clear()
        text = _texts[number] = str(value)
    return text


def when(moment: Any) -> str | None:
    """Times and dates are stored as ISO 8601 text (times in UTC, as the log has them)."""
    return None if moment is None else moment.isoformat()
