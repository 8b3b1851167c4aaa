"""Session rules: scheduled, postponed or cancelled before they open, opened, attended by seated
members, closed, minuted."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from core.assembly.ballots.model import BallotStatus
from core.assembly.charter import theme_of
from core.assembly.convening.rules import within_term
from core.assembly.fold import in_turn
from core.assembly.membership.members import STANDING, Status
from core.assembly.sittings.commands import (
    CancelSession,
    CloseSession,
    HearExpert,
    OpenSession,
    PostponeSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
)
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
from core.assembly.sittings.model import Presence, Session, SessionKind, SessionStatus
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.time_order import after, after_each, utc

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class SessionRefused(DomainError):
    rule = "sessions"


class NotScheduled(SessionRefused):
    """Only a session scheduled and not yet opened may be postponed or cancelled."""


class CancelledSession(SessionRefused):
    """A cancelled session never opens, is attended, holds a ballot, hears an expert nor moves."""


class BadPostponement(SessionRefused):
    """A postponement moves the start later than it was, and later than the postponement."""


class NotSeated(DomainError):
    rule = "only seated members"


def session_of(assembly: Assembly, session_id: UUID) -> Session:
    session = assembly.sessions.get(session_id)
    if session is None:
        raise SessionRefused(f"no session {session_id} in {assembly.charter.name!r}")
    return session


def require_open(session: Session, act: str) -> None:
    not_cancelled(session, act)
    if session.status is not SessionStatus.OPEN:
        raise SessionRefused(f"cannot {act}: session {session.title!r} is {session.status.value}")


def not_cancelled(session: Session, act: str) -> None:
    if session.status is SessionStatus.CANCELLED:
        raise CancelledSession(
            f"cannot {act}: session {session.title!r} was cancelled ({session.reason}); "
            "a cancelled session never sits"
        )


def require_scheduled(session: Session, act: str) -> None:
    """Still to sit: neither opened nor cancelled."""
    not_cancelled(session, act)
    if session.status is not SessionStatus.SCHEDULED:
        raise NotScheduled(
            f"cannot {act}: session {session.title!r} is already {session.status.value}; "
            "only a session not yet opened may be postponed or cancelled"
        )


def require_seated(assembly: Assembly, member: str, act: str, at: datetime | None = None) -> None:
    """Seated (and, given the act's time, seated by then)."""
    found = assembly.members.get(member)
    if found is None or found.status is not Status.SEATED:
        state = "are not a member" if found is None else STANDING[found.status]
        raise NotSeated(f"{member} cannot {act}: only seated members may, and they {state}")
    if at is not None:
        after(
            at,
            found.seated_at,
            act=f"{member} cannot {act}",
            fact="they were seated",
            because="a member acts once seated",
        )


def inside(session: Session, act: str, at: datetime) -> None:
    """What is recorded in a session comes after it opened."""
    after(
        at,
        session.opened_at,
        act=f"cannot {act}",
        fact=f"session {session.title!r} opened",
        because="what happens in a session comes after it opens",
    )


def schedule(assembly: Assembly, cmd: ScheduleSession) -> SessionScheduled:
    """A plenary, or a working group's session on its theme, with an agenda, within the term."""
    session_id, kind, group, title = cmd.session_id, cmd.kind, cmd.group, cmd.title
    starts_at, agenda, at, by = cmd.starts_at, cmd.agenda, cmd.at, cmd.by
    within_term(assembly, at)
    within_term(assembly, starts_at)
    if session_id in assembly.sessions:
        raise SessionRefused(f"session {session_id} is already scheduled")
    theme = theme_of(assembly.charter, group) if group is not None else None
    if kind is SessionKind.WORKING_GROUP and theme is None:
        raise SessionRefused(
            f"a working-group session needs one of the groups "
            f"{', '.join(assembly.charter.themes)}; got {group!r}"
        )
    if kind is SessionKind.PLENARY and group is not None:
        theme = None
        raise SessionRefused("a plenary session belongs to no working group")
    if not agenda:
        raise SessionRefused(f"session {title!r} needs an agenda")
    return SessionScheduled(
        **next_of(assembly),
        at=at,
        by=by,
        session=session_id,
        kind=kind,
        group=theme,
        title=title,
        starts_at=starts_at,
        agenda=agenda,
    )


def open_session(assembly: Assembly, cmd: OpenSession) -> SessionOpened:
    """Sessions sit during a phase, once."""
    session_id, at, by = cmd.session_id, cmd.at, cmd.by
    within_term(assembly, at)
    session = session_of(assembly, session_id)
    not_cancelled(session, "open it")
    if session.status is not SessionStatus.SCHEDULED:
        raise SessionRefused(f"session {session.title!r} is already {session.status.value}")
    if assembly.phase is None:
        raise SessionRefused("no session sits before the discovery phase opens")
    after(
        at,
        session.scheduled_at,
        act=f"session {session.title!r} cannot open",
        fact="it was scheduled",
        because="a session opens after it is scheduled",
    )
    after(
        at,
        assembly.phase_opened_at,
        act=f"session {session.title!r} cannot open",
        fact=f"the {assembly.phase.value} phase opened",
        because="a session sits in the phase open when it opens",
    )
    if session.postponed_at is not None:
        after(
            at,
            session.starts_at,
            act=f"session {session.title!r} cannot open",
            fact=f"it was postponed ({session.reason}) to start",
            because="a postponed session opens no earlier than its new start",
        )
    return SessionOpened(**next_of(assembly), at=at, by=by, session=session_id)


def postpone(assembly: Assembly, cmd: PostponeSession) -> SessionPostponed:
    """A session not yet opened moves to a later start, within the term, for a reason."""
    session_id, starts_at, reason = cmd.session_id, cmd.starts_at, cmd.reason
    at, by = cmd.at, cmd.by
    within_term(assembly, at)
    within_term(assembly, starts_at)
    session = session_of(assembly, session_id)
    require_scheduled(session, "postpone it")
    after_each(
        at,
        [(session.scheduled_at, "it was scheduled"), (session.postponed_at, "it was postponed")],
        act=f"session {session.title!r} cannot be postponed",
        because="a session is postponed after it is scheduled",
    )
    if starts_at <= at or starts_at <= session.starts_at:
        raise BadPostponement(
            f"session {session.title!r} cannot be postponed to {utc(starts_at)}: a postponement "
            f"moves the start later than it was ({utc(session.starts_at)}) and later than the "
            f"postponement itself ({utc(at)})"
        )
    return SessionPostponed(
        **next_of(assembly), at=at, by=by, session=session_id, starts_at=starts_at, reason=reason
    )


def cancel(assembly: Assembly, cmd: CancelSession) -> SessionCancelled:
    """A session not yet opened is cancelled for a reason, once: it will never sit."""
    session_id, reason, at, by = cmd.session_id, cmd.reason, cmd.at, cmd.by
    within_term(assembly, at)
    session = session_of(assembly, session_id)
    if session.status is SessionStatus.CANCELLED:
        raise CancelledSession(f"session {session.title!r} is already cancelled ({session.reason})")
    require_scheduled(session, "cancel it")
    after_each(
        at,
        [(session.scheduled_at, "it was scheduled"), (session.postponed_at, "it was postponed")],
        act=f"session {session.title!r} cannot be cancelled",
        because="a session is cancelled after it is scheduled",
    )
    return SessionCancelled(**next_of(assembly), at=at, by=by, session=session_id, reason=reason)


def hear_expert(assembly: Assembly, cmd: HearExpert) -> ExpertHeard:
    session_id, expert, at, by = cmd.session_id, cmd.expert, cmd.at, cmd.by
    within_term(assembly, at)
    session = session_of(assembly, session_id)
    require_open(session, f"hear {expert.name}")
    inside(session, f"hear {expert.name}", at)
    return ExpertHeard(**next_of(assembly), at=at, by=by, session=session_id, expert=expert)


def record_attendance(assembly: Assembly, cmd: RecordAttendance) -> list[AttendanceRecorded]:
    """Each member's attendance, in one act: each decided on the state the ones before leave."""
    return in_turn(
        assembly,
        cmd.presence.items(),
        lambda a, mp: _attendance(a, cmd.session_id, *mp, at=cmd.at, by=cmd.by),
    )


def _attendance(
    assembly: Assembly, session_id: UUID, member: str, presence: Presence, *, at: datetime, by: str
) -> AttendanceRecorded:
    """Only seated members attend; a working group's session is its members'."""
    within_term(assembly, at)
    session = session_of(assembly, session_id)
    require_open(session, f"record attendance of {member}")
    inside(session, f"record attendance of {member}", at)
    require_seated(assembly, member, "attend", at)
    group = assembly.members[member].group
    if session.kind is SessionKind.WORKING_GROUP and group != session.group:
        raise SessionRefused(
            f"{member} is in the {group or 'no'} working group, not {session.group!r}"
        )
    return AttendanceRecorded(
        **next_of(assembly), at=at, by=by, session=session_id, member=member, presence=presence
    )


def close_session(assembly: Assembly, cmd: CloseSession) -> SessionClosed:
    """No session closes with a ballot still open."""
    session_id, at, by = cmd.session_id, cmd.at, cmd.by
    session = session_of(assembly, session_id)
    require_open(session, "close it")
    pending = [
        b
        for b in assembly.ballots.values()
        if b.session == session_id and b.status is BallotStatus.OPEN
    ]
    if pending:
        raise SessionRefused(
            f"session {session.title!r} has an open ballot on "
            f"{pending[0].motion.text!r}: close it first"
        )
    after(
        at,
        session.latest_at,
        act=f"session {session.title!r} cannot close",
        fact="the last act recorded in it was",
        because="a session closes after everything recorded in it",
    )
    return SessionClosed(**next_of(assembly), at=at, by=by, session=session_id)


def record_minutes(assembly: Assembly, cmd: RecordMinutes) -> MinutesRecorded:
    """The minutes of a closed session, once: their SHA-256 and where they are kept."""
    session_id, sha256, location = cmd.session_id, cmd.sha256, cmd.location
    at, by = cmd.at, cmd.by
    session = session_of(assembly, session_id)
    if session.status is not SessionStatus.CLOSED:
        raise SessionRefused(
            f"minutes follow the session: {session.title!r} is {session.status.value}"
        )
    if session.minutes is not None:
        raise SessionRefused(
            f"the minutes of {session.title!r} are already recorded "
            f"({session.minutes.sha256[:12]}…)"
        )
    after(
        at,
        session.closed_at,
        act=f"the minutes of {session.title!r} cannot be recorded",
        fact="the session closed",
        because="minutes follow the session",
    )
    if not _SHA256.match(sha256):
        raise SessionRefused(f"{sha256!r} is not a SHA-256 in lowercase hex (64 characters)")
    return MinutesRecorded(
        **next_of(assembly), at=at, by=by, session=session_id, sha256=sha256, location=location
    )
