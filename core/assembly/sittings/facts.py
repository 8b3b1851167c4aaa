"""Facts of a sitting: scheduled, postponed or cancelled, opened, experts heard, attendance,
closed, minuted."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from core.assembly.sittings.model import Expert, Presence, SessionKind
from core.events import Event


class SessionScheduled(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_scheduled.v1"

    session: UUID
    kind: SessionKind
    group: str | None
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]


class SessionPostponed(Event, frozen=True, kw_only=True):
    """A session not yet opened moves to a later start, for a reason said in public."""

    wire: ClassVar[str] = "assembly.session_postponed.v1"

    session: UUID
    starts_at: datetime  # the new start
    reason: str


class SessionCancelled(Event, frozen=True, kw_only=True):
    """A session not yet opened will never sit: no attendance, ballot or expert in it."""

    wire: ClassVar[str] = "assembly.session_cancelled.v1"

    session: UUID
    reason: str


class SessionOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_opened.v1"

    session: UUID


class ExpertHeard(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.expert_heard.v1"

    session: UUID
    expert: Expert


class AttendanceRecorded(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.attendance_recorded.v1"

    session: UUID
    member: str
    presence: Presence


class SessionClosed(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_closed.v1"

    session: UUID


class MinutesRecorded(Event, frozen=True, kw_only=True):
    """The minutes by their SHA-256 and where the document is kept."""

    wire: ClassVar[str] = "assembly.minutes_recorded.v1"

    session: UUID
    sha256: str
    location: str
