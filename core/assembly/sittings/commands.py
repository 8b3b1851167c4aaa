"""The commands of sittings: a session scheduled, postponed or cancelled, opened and closed,
what is recorded in it, its minutes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec

from core.assembly.command import AssemblyCommand
from core.assembly.sittings.model import Expert, Presence, SessionKind


class ScheduleSession(AssemblyCommand, frozen=True, kw_only=True):
    kind: SessionKind
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]
    group: str | None = None
    session_id: UUID = msgspec.field(default_factory=uuid4)


class SessionCommand(AssemblyCommand, frozen=True, kw_only=True):
    """A command about one session (not itself an act)."""

    session_id: UUID


class OpenSession(SessionCommand, frozen=True, kw_only=True):
    pass


class CloseSession(SessionCommand, frozen=True, kw_only=True):
    pass


class PostponeSession(SessionCommand, frozen=True, kw_only=True):
    starts_at: datetime  # the new start
    reason: str


class CancelSession(SessionCommand, frozen=True, kw_only=True):
    reason: str


class HearExpert(SessionCommand, frozen=True, kw_only=True):
    expert: Expert


class RecordAttendance(SessionCommand, frozen=True, kw_only=True):
    presence: dict[str, Presence]  # several members in one atomic save


class RecordMinutes(SessionCommand, frozen=True, kw_only=True):
    sha256: str
    location: str
