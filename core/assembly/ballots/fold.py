"""How a ballot's facts change the assembly's state: opened, each vote, closed."""

from __future__ import annotations

import msgspec

from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.ballots.model import Ballot, BallotStatus, MotionKind
from core.assembly.recommendations.fold import with_amendment, with_recommendation
from core.assembly.recommendations.model import AmendmentStatus
from core.assembly.sittings.fold import later, with_session
from core.assembly.state import Assembly, Folds, put, touch


def _with_ballot(a: Assembly, e: VoteCast | BallotClosed, **changes: object) -> Assembly:
    new = msgspec.structs.replace(a.ballots[e.ballot], **changes)
    return touch(a, e, ballots=put(a.ballots, e.ballot, new))


def opened(e: BallotOpened, a: Assembly) -> Assembly:
    ballot = Ballot(
        id=e.ballot,
        session=e.session,
        motion=e.motion,
        secrecy=e.secrecy,
        threshold=e.threshold,
        opened_at=e.at,
        latest_at=e.at,
    )
    a = touch(a, e, ballots=put(a.ballots, e.ballot, ballot))
    if e.session in a.sessions:
        a = with_session(a, e, e.session, latest_at=later(a.sessions[e.session], e))
    if e.motion.kind is MotionKind.RECOMMENDATION and e.motion.subject in a.recommendations:
        a = with_recommendation(a, e, e.motion.subject, vote_opened_at=e.at)
    if e.motion.subject in a.amendments:
        a = with_amendment(a, e, e.motion.subject, status=AmendmentStatus.VOTING)
    return a


def cast(e: VoteCast, a: Assembly) -> Assembly:
    ballot = a.ballots[e.ballot]
    choices = ballot.choices
    if e.choice is not None:
        choices = {**choices, e.member: e.choice}
    latest = e.at if ballot.latest_at is None or e.at > ballot.latest_at else ballot.latest_at
    return _with_ballot(a, e, voters=(*ballot.voters, e.member), choices=choices, latest_at=latest)


def closed(e: BallotClosed, a: Assembly) -> Assembly:
    a = _with_ballot(a, e, status=BallotStatus.CLOSED, outcome=e.outcome)
    sid = a.ballots[e.ballot].session
    if sid in a.sessions:
        a = with_session(a, e, sid, latest_at=later(a.sessions[sid], e))
    return a


FOLDS: Folds = {BallotOpened: opened, VoteCast: cast, BallotClosed: closed}
