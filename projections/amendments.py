"""Amendments: what was tabled to change which recommendation, by whom, and what became of it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, Text, select

from core.assembly.ballots import facts as ballot_facts
from core.assembly.ballots.model import MotionKind
from core.assembly.recommendations import facts as recommendation_facts
from core.assembly.recommendations.model import AmendmentStatus
from projections.ballots import ballots
from projections.changes import Change, Fact, Insert, ReadModel, Update, uid, when
from projections.schema import metadata

amendments = Table(
    "amendments",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("amendment_id", String(36), primary_key=True),
    Column("recommendation_id", String(36), nullable=False),
    Column("member", String(64), nullable=False),  # who tabled it (a pseudonym)
    Column("base_version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),  # the recommendation's text as amended
    Column("status", String(16), nullable=False),
    Column("tabled_at", String(40), nullable=False),
    Column("ballot_id", String(36)),
    Column("decided_at", String(40)),
    Column("lapsed_because_of", String(36)),
)


def tabled(f: Fact) -> list[Change]:
    e: recommendation_facts.AmendmentTabled = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "amendment_id": uid(e.amendment),
        "recommendation_id": uid(e.recommendation),
        "member": e.member,
        "base_version": e.base_version,
        "sha256": e.sha256,
        "text": e.text,
        "status": AmendmentStatus.TABLED.value,
        "tabled_at": when(e.at),
        "ballot_id": None,
        "decided_at": None,
        "lapsed_because_of": None,
    }
    return [Insert(amendments, row)]


def put_to_vote(f: Fact) -> list[Change]:
    e: ballot_facts.BallotOpened = f.event
    if e.motion.kind is not MotionKind.AMENDMENT or e.motion.subject is None:
        return []
    values = {"status": AmendmentStatus.VOTING.value, "ballot_id": uid(e.ballot)}
    return [Update(amendments, (uid(e.originator_id), uid(e.motion.subject)), values)]


def _became(f: Fact, status: AmendmentStatus, **values: Any) -> list[Change]:
    e = f.event
    values = {"status": status.value, "decided_at": when(e.at), **values}
    return [Update(amendments, (uid(e.originator_id), uid(e.amendment)), values)]


READ_MODEL = ReadModel(
    name="amendments",
    question="Which amendments were tabled to which recommendation, and what became of each?",
    version=1,
    tables=(amendments,),
    handlers={
        recommendation_facts.AmendmentTabled.wire: tabled,
        ballot_facts.BallotOpened.wire: put_to_vote,
        recommendation_facts.AmendmentWithdrawn.wire: lambda f: _became(
            f, AmendmentStatus.WITHDRAWN
        ),
        recommendation_facts.AmendmentAdopted.wire: lambda f: _became(
            f, AmendmentStatus.ADOPTED, ballot_id=uid(f.event.ballot)
        ),
        recommendation_facts.AmendmentRejected.wire: lambda f: _became(
            f, AmendmentStatus.REJECTED, ballot_id=uid(f.event.ballot)
        ),
        recommendation_facts.AmendmentLapsed.wire: lambda f: _became(
            f, AmendmentStatus.LAPSED, lapsed_because_of=uid(f.event.because_of)
        ),
    },
    public=(amendments.name,),
)


def amendment_list(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    """Every amendment, with the count of the ballot that decided it (as far as the ballots
    read model has got)."""
    counted = (ballots.c.assembly_id == amendments.c.assembly_id) & (
        ballots.c.ballot_id == amendments.c.ballot_id
    )
    query = (
        select(amendments, ballots.c.in_favour, ballots.c.against, ballots.c.abstentions)
        .outerjoin(ballots, counted)
        .where(amendments.c.assembly_id == assembly_id)
        .order_by(amendments.c.tabled_at, amendments.c.amendment_id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
