"""The chain from a recommendation back to the draw, each link with its place on the log:
text version → adopting ballot (tally, quorum, threshold, rule) → session and attendance →
the voters' seats → their acceptances → the draw (ticket, seed, randomness source,
commitments) → the checkpoint that covers it all."""

from __future__ import annotations

from uuid import UUID

import msgspec

from core.assembly.ballots.model import Outcome
from core.assembly.corrections import FactAnnulled, FactCorrected
from core.assembly.followup.facts import RecommendationsSubmitted
from core.assembly.membership.facts import InvitationAccepted, MemberSeated, PanelArrived
from core.assembly.recommendations.facts import RecommendationAdopted
from core.assembly.sittings.facts import SessionOpened
from core.assembly.state import Assembly
from core.draw.events import PanelDrawn, RandomnessDeclared, RandomnessRevealed
from core.draw.state import Draw
from core.errors import DomainError
from core.events import Event
from core.time_order import utc


class TrailBroken(DomainError):
    rule = "trail"


class Voter(msgspec.Struct, frozen=True, kw_only=True):
    member: str
    subpool: str
    choice: str  # "secret" when the ballot was secret
    seated_at: int  # log sequence of their MemberSeated
    accepted_at: int  # log sequence of their InvitationAccepted
    drawn_as: str  # "panel" or "reserve (replacing X)"


class Link(msgspec.Struct, frozen=True, kw_only=True):
    what: str
    seq: int


class Trail(msgspec.Struct, frozen=True, kw_only=True):
    recommendation: str
    title: str
    assembly: str
    text_version: int
    text_sha256: str
    adopted: Link
    outcome: Outcome
    session: str
    session_title: str
    session_opened: Link
    present: int
    voters: tuple[Voter, ...]
    submitted: Link | None
    panel_arrived: Link
    draw: str | None
    draw_links: tuple[Link, ...]
    seed: str | None
    randomness: str | None
    commitment: str | None
    pool_root: str | None
    tickets: dict[str, int]
    latest_seq: int
    checkpoint: Link | None = None
    corrections: tuple[Link, ...] = ()  # of the assembly's facts: the trail shows them corrected


class TrailIndex:
    """Where each fact the trail needs sits on the log, gathered while the audit replays."""

    def __init__(self) -> None:
        self.seq: dict[tuple[UUID, str, str], int] = {}
        self.corrections: dict[UUID, list[Link]] = {}  # each assembly's, in log order
        self._keyed: dict[int, list[tuple[UUID, str, str]]] = {}

    def feed(self, seq: int, event: Event) -> None:
        if isinstance(event, FactCorrected | FactAnnulled):
            self._corrected(seq, event)
        for key in _keys(event):
            where = (event.originator_id, type(event).wire, key)
            if where not in self.seq:
                self.seq[where] = seq
                self._keyed.setdefault(seq, []).append(where)

    def _corrected(self, seq: int, e: FactCorrected | FactAnnulled) -> None:
        when = f"on {utc(e.at)} by {e.by}: {e.reason}"
        if isinstance(e, FactAnnulled):
            for where in self._keyed.pop(e.position, []):  # the act recorded again counts
                if self.seq.get(where) == e.position:
                    del self.seq[where]
            what = f"the fact at #{e.position} annulled {when}"
        else:
            what = f"the {e.field} of the fact at #{e.position} corrected to {e.value!r} {when}"
        self.corrections.setdefault(e.originator_id, []).append(Link(what=what, seq=seq))

    def at(self, aggregate: UUID, fact: type[Event], key: str) -> int:
        return self.seq.get((aggregate, fact.wire, key), 0)


def _keys(event: Event) -> tuple[str, ...]:
    match event:
        case InvitationAccepted() | MemberSeated():
            return (event.member,)
        case RecommendationAdopted():
            return (str(event.recommendation),)
        case SessionOpened():
            return (str(event.session),)
        case PanelArrived():
            return ("panel",)
        case RecommendationsSubmitted():
            return tuple(str(r) for r in event.recommendations)
        case RandomnessDeclared() | RandomnessRevealed():
            return ("randomness",)
        case PanelDrawn():
            return (event.subpool,)
    return ()


def trail(
    index: TrailIndex,
    assemblies: dict[UUID, Assembly],
    draws: dict[UUID, Draw],
    recommendation: UUID,
) -> Trail:
    found = [
        (a, a.recommendations[recommendation])
        for a in assemblies.values()
        if recommendation in a.recommendations
    ]
    if not found:
        raise TrailBroken(f"no recommendation {recommendation} on this log")
    a, rec = found[0]
    adopted_at = index.at(a.id, RecommendationAdopted, str(recommendation))
    ballot = next(
        (
            b
            for b in a.ballots.values()
            if b.motion.subject == recommendation and b.outcome and b.outcome.adopted
        ),
        None,
    )
    if ballot is None or ballot.outcome is None or not adopted_at:
        raise TrailBroken(f"recommendation {rec.title!r} was never adopted by a ballot")
    session = a.sessions[ballot.session]
    voters = tuple(_voter(index, a, ballot.choices.get(m), m) for m in ballot.voters)
    submission = next(
        (s for s in a.submissions.values() if recommendation in s.recommendations), None
    )
    submitted = (
        Link(
            what=f"submission {submission.id}",
            seq=index.at(a.id, RecommendationsSubmitted, str(recommendation)),
        )
        if submission
        else None
    )
    draw = draws.get(a.draw) if a.draw else None
    draw_links: list[Link] = []
    if draw is not None:
        draw_links = [
            Link(
                what="randomness declared", seq=index.at(draw.id, RandomnessDeclared, "randomness")
            ),
            Link(
                what="randomness revealed", seq=index.at(draw.id, RandomnessRevealed, "randomness")
            ),
            *(
                Link(what=f"panel drawn: {s}", seq=index.at(draw.id, PanelDrawn, s))
                for s in sorted(draw.drawn)
            ),
        ]
    links = [
        adopted_at,
        *(v.seated_at for v in voters),
        *(v.accepted_at for v in voters),
        *(x.seq for x in draw_links),
    ]
    return Trail(
        recommendation=str(recommendation),
        title=rec.title,
        assembly=str(a.id),
        text_version=rec.current.number,
        text_sha256=rec.current.sha256,
        adopted=Link(what=f"ballot {ballot.id}", seq=adopted_at),
        outcome=ballot.outcome,
        session=str(session.id),
        session_title=session.title,
        session_opened=Link(
            what="session opened", seq=index.at(a.id, SessionOpened, str(session.id))
        ),
        present=len(session.present()),
        voters=voters,
        submitted=submitted,
        panel_arrived=Link(what="panel arrived", seq=index.at(a.id, PanelArrived, "panel")),
        draw=str(draw.id) if draw else None,
        draw_links=tuple(draw_links),
        seed=draw.revealed.seed if draw and draw.revealed else None,
        randomness=_source(draw),
        commitment=draw.declared.commitment if draw and draw.declared else None,
        pool_root=draw.pool.root if draw and draw.pool else None,
        tickets={s: d.ticket for s, d in draw.drawn.items()} if draw else {},
        latest_seq=max(links),
        corrections=tuple(index.corrections.get(a.id, ())),
    )


def _voter(index: TrailIndex, a: Assembly, choice: object, member: str) -> Voter:
    m = a.members[member]
    return Voter(
        member=member,
        subpool=m.subpool,
        choice=getattr(choice, "value", "secret"),
        seated_at=index.at(a.id, MemberSeated, member),
        accepted_at=index.at(a.id, InvitationAccepted, member),
        drawn_as="panel" if m.replaces is None else f"reserve (replacing {m.replaces})",
    )


def _source(draw: Draw | None) -> str | None:
    if draw is None or draw.declared is None:
        return None
    parts = []
    if draw.declared.beacon:
        b = draw.declared.beacon
        parts.append(f"drand {b.chain} round {b.round}")
    if draw.declared.dice:
        d = draw.declared.dice
        parts.append(f"dice at {d.place} on {d.starts_at.isoformat()} (bailiff {d.bailiff})")
    return "; ".join(parts)
