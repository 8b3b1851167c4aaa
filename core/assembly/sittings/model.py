"""The shapes a sitting is recorded in: the session, its experts, attendance and minutes."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

import msgspec

from core.assembly.charter import Phase


class SessionKind(Enum):
    PLENARY = "plenary"
    WORKING_GROUP = "working-group"


class SessionStatus(Enum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # never opens: no attendance, no ballot, no expert heard in it


class Presence(Enum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class Expert(msgspec.Struct, frozen=True, kw_only=True):
    """Someone heard by the assembly in public: a name on the record is their role."""

    name: str
    affiliation: str
    topic: str


class Minutes(msgspec.Struct, frozen=True, kw_only=True):
    sha256: str
    location: str


class Session(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: SessionKind
    group: str | None
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]
    status: SessionStatus = SessionStatus.SCHEDULED
    phase: Phase | None = None  # the phase it was opened in
    experts: tuple[Expert, ...] = ()
    attendance: dict[str, Presence] = msgspec.field(default_factory=dict)
    minutes: Minutes | None = None
    postponed_from: datetime | None = None  # the start first scheduled, once postponed
    reason: str | None = None  # why it was last postponed, or cancelled
    # When, for the rules of time order (core.time_order):
    scheduled_at: datetime | None = None
    postponed_at: datetime | None = None  # when it was last postponed
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    latest_at: datetime | None = None  # the last act recorded in it (attendance, expert, ballot)

    def present(self) -> set[str]:
        return {m for m, p in self.attendance.items() if p is Presence.PRESENT}
