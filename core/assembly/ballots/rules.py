"""Ballot rules: opened in an open session on a motion, cast by seated members present, closed
with the tally, quorum and threshold the assembly's rules name, and what the outcome decides."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from core.assembly import actors
from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.ballots.model import Ballot, BallotStatus, Choice, Motion, MotionKind, Tally
from core.assembly.ballots.tally import outcome
from core.assembly.charter import Phase, Secrecy, Threshold
from core.assembly.convening.rules import within_term
from core.assembly.fold import in_turn
from core.assembly.recommendations.facts import (
    AmendmentAdopted,
    AmendmentLapsed,
    AmendmentRejected,
    RecommendationAdopted,
    RecommendationRejected,
    RecommendationRevised,
)
from core.assembly.recommendations.model import AmendmentStatus, RecommendationStatus
from core.assembly.recommendations.rules import amendment_of, recommendation_of
from core.assembly.sittings.model import Presence
from core.assembly.sittings.rules import inside, require_open, require_seated, session_of
from core.assembly.state import Assembly, Next, next_of
from core.errors import DomainError
from core.events import Event
from core.time_order import after, latest


class BallotRefused(DomainError):
    rule = "ballots"


class AlreadyVoted(DomainError):
    rule = "one vote per member per ballot"


class SecretChoice(DomainError):
    rule = "secret ballot"


def ballot_of(assembly: Assembly, bid: UUID) -> Ballot:
    found = assembly.ballots.get(bid)
    if found is None:
        raise BallotRefused(f"no ballot {bid} in {assembly.charter.name!r}")
    return found


def open_ballot(assembly: Assembly, cmd: OpenBallot) -> BallotOpened:
    """One ballot at a time, in an open session, on a motion that can still be decided."""
    bid, session_id, motion = cmd.ballot_id, cmd.session_id, cmd.motion
    secrecy, at, by = cmd.secrecy, cmd.at, cmd.by
    within_term(assembly, at)
    session = session_of(assembly, session_id)
    require_open(session, f"open a ballot on {motion.text!r}")
    inside(session, f"open a ballot on {motion.text!r}", at)
    if bid in assembly.ballots:
        raise BallotRefused(f"ballot {bid} already exists")
    busy = [
        b
        for b in assembly.ballots.values()
        if b.session == session_id and b.status is BallotStatus.OPEN
    ]
    if busy:
        raise BallotRefused(f"a ballot on {busy[0].motion.text!r} is still open in this session")
    rules = assembly.charter.rules
    threshold = _check_motion(assembly, motion)
    _after_motion(assembly, motion, at)
    return BallotOpened(
        **next_of(assembly),
        at=at,
        by=by,
        ballot=bid,
        session=session_id,
        motion=motion,
        secrecy=secrecy or rules.secrecy,
        threshold=threshold,
    )


def _check_motion(assembly: Assembly, motion: Motion) -> Threshold:
    rules = assembly.charter.rules
    if motion.kind is MotionKind.MANDATE:
        return rules.mandate_threshold
    if motion.subject is None:
        raise BallotRefused(f"a ballot on an {motion.kind.value} names it")
    if motion.kind is MotionKind.AMENDMENT:
        amendment = amendment_of(assembly, motion.subject)
        if amendment.status is not AmendmentStatus.TABLED:
            raise BallotRefused(f"amendment {amendment.id} is {amendment.status.value}")
        rec = recommendation_of(assembly, amendment.recommendation)
        if rec.status is not RecommendationStatus.DRAFT:
            raise BallotRefused(f"{rec.title!r} is {rec.status.value}: no more amendments")
        if amendment.base_version != rec.current.number:
            raise BallotRefused(
                f"amendment {amendment.id} amends version "
                f"{amendment.base_version}; {rec.title!r} is now at version "
                f"{rec.current.number}: table it again on the current text"
            )
        return rules.amendment_threshold
    rec = recommendation_of(assembly, motion.subject)
    if assembly.phase is not Phase.RECOMMENDATIONS:
        raise BallotRefused("recommendations are voted in the recommendations phase")
    if rec.status is not RecommendationStatus.DRAFT:
        raise BallotRefused(f"{rec.title!r} is already {rec.status.value}")
    pending = [
        a
        for a in rec.amendments
        if assembly.amendments[a].status in (AmendmentStatus.TABLED, AmendmentStatus.VOTING)
    ]
    if pending:
        raise BallotRefused(
            f"{rec.title!r} has {len(pending)} amendment(s) not yet decided: decide them first"
        )
    return rules.recommendation_threshold


def _after_motion(assembly: Assembly, motion: Motion, at: datetime) -> None:
    """A vote opens on a text once it and every amendment to it are recorded and decided."""
    if motion.subject is None:
        return
    if motion.kind is MotionKind.AMENDMENT:
        amendment = assembly.amendments[motion.subject]
        after(
            at,
            amendment.tabled_at,
            act=f"the vote on amendment {amendment.id} cannot open",
            fact="it was tabled",
            because="a vote comes after the motion it decides",
        )
        return
    rec = assembly.recommendations[motion.subject]
    after(
        at,
        rec.current.at,
        act=f"the vote on {rec.title!r} cannot open",
        fact=f"its text (version {rec.current.number}) was recorded",
        because="a vote comes after the text it decides",
    )
    for aid in rec.amendments:
        amendment = assembly.amendments[aid]
        after(
            at,
            latest(amendment.tabled_at, amendment.decided_at),
            act=f"the vote on {rec.title!r} cannot open",
            fact=f"amendment {aid} was {amendment.status.value}",
            because="amendments come before the vote on their text",
        )


def cast(assembly: Assembly, cmd: CastVotes) -> list[VoteCast]:
    """Each member's vote, in one act, recorded as the member's own unless a teller or the
    member keys it in (core.assembly.actors.voter); each decided on the state the ones before
    leave."""
    return in_turn(
        assembly,
        cmd.votes.items(),
        lambda a, mc: _vote(a, cmd.ballot_id, *mc, at=cmd.at, by=actors.voter(cmd.by, mc[0])),
    )


def _vote(
    assembly: Assembly, bid: UUID, member: str, choice: Choice | None, *, at: datetime, by: str
) -> VoteCast:
    """Seated members present in the ballot's open session, once each. A roll call records
    each member's choice; a secret ballot only that the member took part, so it is never
    given one (the tellers count the choices at the close)."""
    within_term(assembly, at)
    ballot = ballot_of(assembly, bid)
    if ballot.status is not BallotStatus.OPEN:
        raise BallotRefused(f"the ballot on {ballot.motion.text!r} is closed")
    session = session_of(assembly, ballot.session)
    require_open(session, "vote")
    require_seated(assembly, member, "vote", at)
    after(
        at,
        ballot.opened_at,
        act=f"{member} cannot vote",
        fact=f"the ballot on {ballot.motion.text!r} opened",
        because="a vote comes inside its ballot's opening",
    )
    if session.attendance.get(member) is not Presence.PRESENT:
        raise BallotRefused(f"{member} is not recorded present at {session.title!r}")
    if member in ballot.voters:
        raise AlreadyVoted(f"{member} has already voted on {ballot.motion.text!r}")
    if ballot.secrecy is Secrecy.SECRET and choice is not None:
        raise SecretChoice(
            f"the ballot on {ballot.motion.text!r} is secret: name {member} alone, without "
            "a choice (the tellers give the count when it closes)"
        )
    if ballot.secrecy is Secrecy.ROLL_CALL and choice is None:
        raise BallotRefused(
            f"the ballot on {ballot.motion.text!r} is a roll call: give {member}'s choice, "
            f"e.g. {member}={Choice.IN_FAVOUR.value}"
        )
    return VoteCast(**next_of(assembly), at=at, by=by, ballot=bid, member=member, choice=choice)


def close_ballot(assembly: Assembly, cmd: CloseBallot) -> list[Event]:
    """The outcome by the assembly's rules, and what it decides.

    Roll-call: the tally is the recorded choices. Secret: the tellers' count, which must
    add up to the number who took part.
    """
    bid, count, at, by = cmd.ballot_id, cmd.count, cmd.at, cmd.by
    within_term(assembly, at)
    ballot = ballot_of(assembly, bid)
    if ballot.status is not BallotStatus.OPEN:
        raise BallotRefused(f"the ballot on {ballot.motion.text!r} is already closed")
    after(
        at,
        ballot.latest_at,
        act=f"the ballot on {ballot.motion.text!r} cannot close",
        fact="its last vote was cast" if ballot.voters else "it opened",
        because="a ballot closes after its last vote",
    )
    if ballot.secrecy is Secrecy.ROLL_CALL:
        c = Counter(ballot.choices.values())
        tally = Tally(
            in_favour=c[Choice.IN_FAVOUR], against=c[Choice.AGAINST], abstentions=c[Choice.ABSTAIN]
        )
        if count is not None and count != tally:
            raise BallotRefused(
                f"the count ({count.words()}) differs from the recorded votes ({tally.words()})"
            )
    else:
        if count is None:
            raise BallotRefused("a secret ballot closes with the tellers' count")
        if count.total != len(ballot.voters):
            raise BallotRefused(
                f"the count adds up to {count.total}; {len(ballot.voters)} members took part"
            )
        tally = count
    result = outcome(
        tally,
        threshold=ballot.threshold,
        rules=assembly.charter.rules,
        seated=len(assembly.seated()),
        present=len(session_of(assembly, ballot.session).present()),
    )
    closed = BallotClosed(**next_of(assembly), at=at, by=by, ballot=bid, outcome=result)
    return [closed, *_consequences(assembly, ballot, result.adopted, at=at, by=by)]


def _consequences(
    assembly: Assembly, ballot: Ballot, adopted: bool, *, at: datetime, by: str
) -> list[Event]:
    """What the outcome decides, recorded in the same atomic save as the outcome."""
    motion = ballot.motion
    versions = iter(range(assembly.version + 2, assembly.version + 5))

    def ref() -> Next:
        return {"originator_id": assembly.id, "originator_version": next(versions)}

    if motion.kind is MotionKind.AMENDMENT and motion.subject is not None:
        amendment = assembly.amendments[motion.subject]
        if not adopted:
            return [
                AmendmentRejected(**ref(), at=at, by=by, amendment=amendment.id, ballot=ballot.id)
            ]
        rec = assembly.recommendations[amendment.recommendation]
        falling = [
            a
            for a in rec.amendments
            if a != amendment.id and assembly.amendments[a].status is AmendmentStatus.TABLED
        ]
        versions = iter(range(assembly.version + 2, assembly.version + 4 + len(falling)))
        return [
            AmendmentAdopted(**ref(), at=at, by=by, amendment=amendment.id, ballot=ballot.id),
            RecommendationRevised(
                **ref(),
                at=at,
                by=by,
                recommendation=rec.id,
                version=rec.current.number + 1,
                text=amendment.text,
                sha256=amendment.sha256,
                amendment=amendment.id,
            ),
            *(
                AmendmentLapsed(**ref(), at=at, by=by, amendment=a, because_of=amendment.id)
                for a in falling
            ),
        ]
    if motion.kind is MotionKind.RECOMMENDATION and motion.subject is not None:
        rec = assembly.recommendations[motion.subject]
        if adopted:
            return [
                RecommendationAdopted(
                    **ref(),
                    at=at,
                    by=by,
                    recommendation=rec.id,
                    ballot=ballot.id,
                    version=rec.current.number,
                    sha256=rec.current.sha256,
                )
            ]
        return [
            RecommendationRejected(**ref(), at=at, by=by, recommendation=rec.id, ballot=ballot.id)
        ]
    return []
