"""Ballots: each motion put to the vote, who took part, the tally, the quorum and the rule.

A secret ballot records who took part, never who chose what; its tally is the
tellers' count recorded when it closes. A roll-call ballot's choices are public.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Connection, Integer, String, Table, func, select

from core.assembly.ballots import facts as ballot_facts
from core.assembly.ballots.model import BallotStatus
from projections.changes import Change, Fact, Insert, ReadModel, Update, uid, when
from projections.schema import metadata

ballots = Table(
    "ballots",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("ballot_id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False),
    Column("motion", String(16), nullable=False),  # amendment, recommendation, mandate
    Column("subject", String(36)),  # the amendment or recommendation decided
    Column("text", String(4000), nullable=False),
    Column("secrecy", String(16), nullable=False),
    Column("threshold", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_at", String(40), nullable=False),
    Column("closed_at", String(40)),
    Column("in_favour", Integer),
    Column("against", Integer),
    Column("abstentions", Integer),
    Column("seated", Integer),
    Column("present", Integer),
    Column("quorum_needed", Integer),
    Column("quorum_met", Boolean),
    Column("votes_cast", Integer),
    Column("needed", Integer),
    Column("adopted", Boolean),
    Column("rule", String(500)),  # the rule in words, as applied
    Column("opened_position", Integer),  # the log positions of the opening and the close
    Column("closed_position", Integer),
)
votes = Table(
    "ballot_votes",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("ballot_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("choice", String(16)),  # None in a secret ballot
)


def opened(f: Fact) -> list[Change]:
    e: ballot_facts.BallotOpened = f.event
    row = {c.name: None for c in ballots.columns} | {
        "assembly_id": uid(e.originator_id),
        "ballot_id": uid(e.ballot),
        "session_id": uid(e.session),
        "motion": e.motion.kind.value,
        "subject": uid(e.motion.subject),
        "text": e.motion.text,
        "secrecy": e.secrecy.value,
        "threshold": e.threshold.value,
        "status": BallotStatus.OPEN.value,
        "opened_at": when(e.at),
        "opened_position": f.position,
    }
    return [Insert(ballots, row)]


def cast(f: Fact) -> list[Change]:
    e: ballot_facts.VoteCast = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "ballot_id": uid(e.ballot),
        "member": e.member,
        "choice": None if e.choice is None else e.choice.value,
    }
    return [Insert(votes, row)]


def closed(f: Fact) -> list[Change]:
    e: ballot_facts.BallotClosed = f.event
    o = e.outcome
    values = {
        "status": BallotStatus.CLOSED.value,
        "closed_at": when(e.at),
        "in_favour": o.tally.in_favour,
        "against": o.tally.against,
        "abstentions": o.tally.abstentions,
        "seated": o.seated,
        "present": o.present,
        "quorum_needed": o.quorum_needed,
        "quorum_met": o.quorum_met,
        "votes_cast": o.votes_cast,
        "needed": o.needed,
        "adopted": o.adopted,
        "rule": o.rule,
        "closed_position": f.position,
    }
    return [Update(ballots, (uid(e.originator_id), uid(e.ballot)), values)]


READ_MODEL = ReadModel(
    name="ballots",
    question="What was put to the vote, who took part, what did the count decide, by what rule?",
    version=2,  # 2: the positions of the opening and the close
    tables=(ballots, votes),
    handlers={
        ballot_facts.BallotOpened.wire: opened,
        ballot_facts.VoteCast.wire: cast,
        ballot_facts.BallotClosed.wire: closed,
    },
    public=(ballots.name,),
)


def _participants(assembly_id: str) -> Any:
    return (
        select(votes.c.ballot_id, func.count().label("participants"))
        .where(votes.c.assembly_id == assembly_id)
        .group_by(votes.c.ballot_id)
        .subquery()
    )


def ballot_list(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    took_part = _participants(assembly_id)
    query = (
        select(ballots, func.coalesce(took_part.c.participants, 0).label("participants"))
        .outerjoin(took_part, took_part.c.ballot_id == ballots.c.ballot_id)
        .where(ballots.c.assembly_id == assembly_id)
        .order_by(ballots.c.opened_at, ballots.c.ballot_id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def ballot(conn: Connection, assembly_id: str, ballot_id: str) -> dict[str, Any] | None:
    """One ballot, who took part and, in a roll-call ballot, their choices and the running count."""
    found = [b for b in ballot_list(conn, assembly_id) if b["ballot_id"] == ballot_id]
    if not found:
        return None
    query = (
        select(votes.c.member, votes.c.choice)
        .where(votes.c.assembly_id == assembly_id, votes.c.ballot_id == ballot_id)
        .order_by(votes.c.member)
    )
    cast_votes = [dict(r) for r in conn.execute(query).mappings()]
    running: dict[str, int] = {}
    for v in cast_votes:
        if v["choice"] is not None:
            running[v["choice"]] = running.get(v["choice"], 0) + 1
    return {**found[0], "votes": cast_votes, "running_count": running}
