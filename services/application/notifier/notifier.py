"""What the notifier does with each event: keep its roster, write session notifications."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import singledispatch
from pathlib import Path

from core.assembly.membership.facts import (
    MemberRemoved,
    MemberSeated,
    MemberWithdrew,
    WorkingGroupChosen,
)
from core.assembly.sittings.facts import SessionCancelled, SessionPostponed, SessionScheduled
from core.events import Event
from services.application.notifier import outbox
from services.application.subscriber import Received, SqlitePositions

NAME = "notifier"
Effect = Callable[[sqlite3.Connection], None]
TYPES = frozenset(
    c.wire
    for c in (
        MemberSeated,
        MemberWithdrew,
        MemberRemoved,
        WorkingGroupChosen,
        SessionScheduled,
        SessionPostponed,
        SessionCancelled,
    )
)


class Notifier:
    """Handles each event once: the roster change or notifications, and its position, together."""

    def __init__(self, path: Path | str) -> None:
        self.positions = SqlitePositions(path, NAME)
        outbox.create(self.positions.db)

    def handle(self, received: Received) -> bool:
        """Whether it did anything: False for an event handled before (a redelivery)."""
        effect = _effect(received.event, received.position)
        return self.positions.once(received.position, effect)

    def notifications(self) -> list[outbox.Notification]:
        return outbox.notifications(self.positions.db)

    def close(self) -> None:
        self.positions.close()


@singledispatch
def _effect(event: Event, position: int) -> Effect:
    return lambda db: None


@_effect.register
def _(event: MemberSeated, position: int) -> Effect:
    return lambda db: outbox.seat(db, str(event.originator_id), event.member)


@_effect.register
def _(event: MemberWithdrew | MemberRemoved, position: int) -> Effect:
    return lambda db: outbox.unseat(db, str(event.originator_id), event.member)


@_effect.register
def _(event: WorkingGroupChosen, position: int) -> Effect:
    return lambda db: outbox.join_group(db, str(event.originator_id), event.member, event.group)


@_effect.register
def _(event: SessionScheduled, position: int) -> Effect:
    return lambda db: outbox.notify_session(db, position, event)


@_effect.register
def _(event: SessionPostponed | SessionCancelled, position: int) -> Effect:
    return lambda db: outbox.notify_change(db, position, event)
