"""How a sitting's facts change the assembly's state: scheduled, postponed, cancelled, opened,
heard, closed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from core.assembly.sittings.facts import (
    AttendanceRecorded,
    ExpertHeard,
    MinutesRecorded,
    SessionCancelled,
    SessionClosed,
    SessionOpened,
    SessionPostponed,
    SessionScheduled,
)
from core.assembly.sittings.model import Minutes, Session, SessionStatus
from core.assembly.state import Assembly, Folds, put, touch
from core.events import Event


def with_session(a: Assembly, e: Event, sid: Any, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.sessions[sid], **changes)
    return touch(a, e, sessions=put(a.sessions, sid, new))


def later(session: Session, e: Event) -> datetime:
    """The session's last recorded act, this one included (for its close: core.time_order)."""
    last = session.latest_at
    return e.at if last is None or e.at > last else last


def scheduled(e: SessionScheduled, a: Assembly) -> Assembly:
    session = Session(
        id=e.session,
        kind=e.kind,
        group=e.group,
        title=e.title,
        starts_at=e.starts_at,
        agenda=e.agenda,
        scheduled_at=e.at,
    )
    return touch(a, e, sessions=put(a.sessions, e.session, session))


def postponed(e: SessionPostponed, a: Assembly) -> Assembly:
    """The new start counts from now on (a session opens after it: core.time_order); the
    start first scheduled is kept to be shown beside it."""
    session = a.sessions[e.session]
    return with_session(
        a,
        e,
        e.session,
        starts_at=e.starts_at,
        postponed_from=session.postponed_from or session.starts_at,
        postponed_at=e.at,
        reason=e.reason,
    )


def cancelled(e: SessionCancelled, a: Assembly) -> Assembly:
    return with_session(a, e, e.session, status=SessionStatus.CANCELLED, reason=e.reason)


def opened(e: SessionOpened, a: Assembly) -> Assembly:
    return with_session(
        a, e, e.session, status=SessionStatus.OPEN, phase=a.phase, opened_at=e.at, latest_at=e.at
    )


def heard(e: ExpertHeard, a: Assembly) -> Assembly:
    session = a.sessions[e.session]
    return with_session(
        a, e, e.session, experts=(*session.experts, e.expert), latest_at=later(session, e)
    )


def attended(e: AttendanceRecorded, a: Assembly) -> Assembly:
    attendance = dict(a.sessions[e.session].attendance)
    attendance[e.member] = e.presence
    return with_session(
        a, e, e.session, attendance=attendance, latest_at=later(a.sessions[e.session], e)
    )


def closed(e: SessionClosed, a: Assembly) -> Assembly:
    return with_session(a, e, e.session, status=SessionStatus.CLOSED, closed_at=e.at)


def minuted(e: MinutesRecorded, a: Assembly) -> Assembly:
    return with_session(a, e, e.session, minutes=Minutes(sha256=e.sha256, location=e.location))


FOLDS: Folds = {
    SessionScheduled: scheduled,
    SessionPostponed: postponed,
    SessionCancelled: cancelled,
    SessionOpened: opened,
    ExpertHeard: heard,
    AttendanceRecorded: attended,
    SessionClosed: closed,
    MinutesRecorded: minuted,
}
