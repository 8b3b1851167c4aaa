"""How the work's facts change the assembly's state (registered with evolve())."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import msgspec

from core.assembly.state import Assembly, evolve, touch
from core.assembly.work import (
    Amendment,
    AmendmentStatus,
    Ballot,
    BallotStatus,
    Minutes,
    MotionKind,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionStatus,
    TextVersion,
)
from core.assembly.work_events import (
    AmendmentAdopted,
    AmendmentLapsed,
    AmendmentRejected,
    AmendmentTabled,
    AmendmentWithdrawn,
    AttendanceRecorded,
    BallotClosed,
    BallotOpened,
    ExpertHeard,
    MinutesRecorded,
    RecommendationAdopted,
    RecommendationDrafted,
    RecommendationRejected,
    RecommendationRevised,
    SessionClosed,
    SessionOpened,
    SessionScheduled,
    VoteCast,
)
from core.events import Event

T = TypeVar("T", bound=msgspec.Struct)


def _put(table: dict[UUID, T], key: UUID, value: T) -> dict[UUID, T]:
    copy = dict(table)
    copy[key] = value
    return copy


def _session(a: Assembly, e: Event, sid: UUID, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.sessions[sid], **changes)
    return touch(a, e, sessions=_put(a.sessions, sid, new))


def _ballot(a: Assembly, e: Event, bid: UUID, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.ballots[bid], **changes)
    return touch(a, e, ballots=_put(a.ballots, bid, new))


def _recommendation(a: Assembly, e: Event, rid: UUID, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.recommendations[rid], **changes)
    return touch(a, e, recommendations=_put(a.recommendations, rid, new))


def _amendment(a: Assembly, e: Event, aid: UUID, **changes: Any) -> Assembly:
    new = msgspec.structs.replace(a.amendments[aid], **changes)
    return touch(a, e, amendments=_put(a.amendments, aid, new))


def _later(session: Session, e: Event) -> datetime:
    """The session's last recorded act, this one included (for its close: core.time_order)."""
    last = session.latest_at
    return e.at if last is None or e.at > last else last


@evolve.register
def _(e: SessionScheduled, a: Assembly) -> Assembly:
    session = Session(
        id=e.session,
        kind=e.kind,
        group=e.group,
        title=e.title,
        starts_at=e.starts_at,
        agenda=e.agenda,
        scheduled_at=e.at,
    )
    return touch(a, e, sessions=_put(a.sessions, e.session, session))


@evolve.register
def _(e: SessionOpened, a: Assembly) -> Assembly:
    return _session(
        a, e, e.session, status=SessionStatus.OPEN, phase=a.phase, opened_at=e.at, latest_at=e.at
    )


@evolve.register
def _(e: ExpertHeard, a: Assembly) -> Assembly:
    session = a.sessions[e.session]
    return _session(
        a, e, e.session, experts=(*session.experts, e.expert), latest_at=_later(session, e)
    )


@evolve.register
def _(e: AttendanceRecorded, a: Assembly) -> Assembly:
    attendance = dict(a.sessions[e.session].attendance)
    attendance[e.member] = e.presence
    return _session(
        a, e, e.session, attendance=attendance, latest_at=_later(a.sessions[e.session], e)
    )


@evolve.register
def _(e: SessionClosed, a: Assembly) -> Assembly:
    return _session(a, e, e.session, status=SessionStatus.CLOSED, closed_at=e.at)


@evolve.register
def _(e: MinutesRecorded, a: Assembly) -> Assembly:
    return _session(a, e, e.session, minutes=Minutes(sha256=e.sha256, location=e.location))


@evolve.register
def _(e: BallotOpened, a: Assembly) -> Assembly:
    ballot = Ballot(
        id=e.ballot,
        session=e.session,
        motion=e.motion,
        secrecy=e.secrecy,
        threshold=e.threshold,
        opened_at=e.at,
        latest_at=e.at,
    )
    a = touch(a, e, ballots=_put(a.ballots, e.ballot, ballot))
    if e.session in a.sessions:
        a = _session(a, e, e.session, latest_at=_later(a.sessions[e.session], e))
    if e.motion.kind is MotionKind.RECOMMENDATION and e.motion.subject in a.recommendations:
        a = _recommendation(a, e, e.motion.subject, vote_opened_at=e.at)
    if e.motion.subject in a.amendments:
        a = _amendment(a, e, e.motion.subject, status=AmendmentStatus.VOTING)
    return a


@evolve.register
def _(e: VoteCast, a: Assembly) -> Assembly:
    ballot = a.ballots[e.ballot]
    choices = ballot.choices
    if e.choice is not None:
        choices = {**choices, e.member: e.choice}
    latest = e.at if ballot.latest_at is None or e.at > ballot.latest_at else ballot.latest_at
    return _ballot(
        a, e, e.ballot, voters=(*ballot.voters, e.member), choices=choices, latest_at=latest
    )


@evolve.register
def _(e: BallotClosed, a: Assembly) -> Assembly:
    a = _ballot(a, e, e.ballot, status=BallotStatus.CLOSED, outcome=e.outcome)
    sid = a.ballots[e.ballot].session
    if sid in a.sessions:
        a = _session(a, e, sid, latest_at=_later(a.sessions[sid], e))
    return a


@evolve.register
def _(e: RecommendationDrafted, a: Assembly) -> Assembly:
    first = TextVersion(number=1, sha256=e.sha256, text=e.text, at=e.at)
    rec = Recommendation(id=e.recommendation, group=e.group, title=e.title, versions=(first,))
    return touch(a, e, recommendations=_put(a.recommendations, e.recommendation, rec))


@evolve.register
def _(e: AmendmentTabled, a: Assembly) -> Assembly:
    amendment = Amendment(
        id=e.amendment,
        recommendation=e.recommendation,
        member=e.member,
        text=e.text,
        sha256=e.sha256,
        base_version=e.base_version,
        tabled_at=e.at,
    )
    a = touch(a, e, amendments=_put(a.amendments, e.amendment, amendment))
    rec = a.recommendations[e.recommendation]
    return _recommendation(a, e, rec.id, amendments=(*rec.amendments, e.amendment))


@evolve.register
def _(e: AmendmentWithdrawn, a: Assembly) -> Assembly:
    return _amendment(a, e, e.amendment, status=AmendmentStatus.WITHDRAWN, decided_at=e.at)


@evolve.register
def _(e: AmendmentAdopted, a: Assembly) -> Assembly:
    return _amendment(a, e, e.amendment, status=AmendmentStatus.ADOPTED, decided_at=e.at)


@evolve.register
def _(e: AmendmentLapsed, a: Assembly) -> Assembly:
    return _amendment(a, e, e.amendment, status=AmendmentStatus.LAPSED, decided_at=e.at)


@evolve.register
def _(e: AmendmentRejected, a: Assembly) -> Assembly:
    return _amendment(a, e, e.amendment, status=AmendmentStatus.REJECTED, decided_at=e.at)


@evolve.register
def _(e: RecommendationRevised, a: Assembly) -> Assembly:
    rec = a.recommendations[e.recommendation]
    version = TextVersion(
        number=e.version, sha256=e.sha256, text=e.text, amendment=e.amendment, at=e.at
    )
    return _recommendation(a, e, rec.id, versions=(*rec.versions, version))


@evolve.register
def _(e: RecommendationAdopted, a: Assembly) -> Assembly:
    return _recommendation(
        a, e, e.recommendation, status=RecommendationStatus.ADOPTED, adopted_at=e.at
    )


@evolve.register
def _(e: RecommendationRejected, a: Assembly) -> Assembly:
    return _recommendation(a, e, e.recommendation, status=RecommendationStatus.REJECTED)
