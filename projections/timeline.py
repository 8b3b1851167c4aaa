"""The public timeline: every act of the assembly (and of its draw) in log order, in words.

Every fact gets a line, known or not: a wire name this code has no words for
gets its kind (``pool entered``), so nothing on the log is left off silently.
The exceptions are single votes and attendance marks, which the ballots and
attendance read models count; their ballot's close and the session are on
the timeline. Summaries name no one: the member's pseudonym and the actor are
columns of their own, which the open-data export leaves out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Column, Connection, Integer, String, Table, Text, or_, select

from core.assembly import events as ev
from core.assembly import followup as fu
from core.assembly import work_events as wev
from core.assembly.contacts import ContactsLookedUp
from projections.changes import Change, Fact, Insert, ReadModel, Upsert, uid, when
from projections.composition import DRAW_ANNOUNCED, DRAW_OPENED
from projections.roster import quotas_of_call
from projections.schema import metadata

timeline = Table(
    "timeline",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("assembly_id", String(36), nullable=False, index=True),  # or the draw's record
    Column("at", String(40)),
    Column("kind", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("member", String(64)),  # the member concerned, if one (not in open data)
    Column("by", String(200)),  # who recorded the act (not in open data)
)
links = Table(
    "timeline_links",
    metadata,
    Column("record_id", String(36), primary_key=True),  # a draw's record
    Column("assembly_id", String(36), nullable=False, index=True),
)


class _Envelope(msgspec.Struct):
    """What every fact says, read leniently from any payload."""

    at: Any = None
    by: Any = None
    member: Any = None
    assembly: Any = None
    draw: Any = None


_envelope = msgspec.json.Decoder(_Envelope)


def _as(value: Any, tp: Any) -> Any:
    try:
        return msgspec.convert(value, tp)
    except msgspec.ValidationError:
        return None


Words = Callable[[Any], str]

WORDS: dict[str, Words] = {
    ev.AssemblyConvened.wire: lambda e: (
        f"{e.charter.name} convened: cohort {e.charter.cohort}, {e.charter.seats} seats, "
        f"{e.charter.term_start} to {e.charter.term_end}"
    ),
    ev.PhaseOpened.wire: lambda e: f"the {e.phase.value} phase opened",
    ev.PanelArrived.wire: lambda e: (
        f"the panel arrived from the draw: {len(e.panel)} invited, {len(e.reserves)} reserves"
    ),
    ev.InvitationAccepted.wire: lambda e: "a member accepted their invitation",
    ev.InvitationDeclined.wire: lambda e: "a member declined their invitation",
    ev.MemberSeated.wire: lambda e: "a member took their seat",
    ev.MemberWithdrew.wire: lambda e: "a member withdrew",
    ev.MemberRemoved.wire: lambda e: "a member was removed",
    ev.ReserveCalled.wire: lambda e: (
        ", ".join(filter(None, ("a reserve was called", quotas_of_call(e)))) + f" ({e.rule.value})"
    ),
    ev.WorkingGroupChosen.wire: lambda e: f"a member joined the {e.group} group",
    ContactsLookedUp.wire: lambda e: (
        f"the contact details of {len(e.members)} of the drawn were looked up in the registry, "
        f"for {e.purpose.value}"
    ),
    wev.SessionScheduled.wire: lambda e: (
        f"{e.kind.value} session scheduled for {e.starts_at:%Y-%m-%d %H:%M} UTC: {e.title}"
    ),
    wev.SessionOpened.wire: lambda e: f"session {e.session} opened",
    wev.ExpertHeard.wire: lambda e: (
        f"{e.expert.name} ({e.expert.affiliation}) heard on {e.expert.topic}"
    ),
    wev.SessionClosed.wire: lambda e: f"session {e.session} closed",
    wev.MinutesRecorded.wire: lambda e: f"minutes of session {e.session} at {e.location}",
    wev.BallotOpened.wire: lambda e: f"ballot opened on a {e.motion.kind.value}: {e.motion.text}",
    wev.BallotClosed.wire: lambda e: (
        f"ballot {e.ballot} {'adopted' if e.outcome.adopted else 'not adopted'}: "
        f"{e.outcome.tally.in_favour} for, {e.outcome.tally.against} against, "
        f"{e.outcome.tally.abstentions} abstaining; {e.outcome.rule}"
    ),
    wev.RecommendationDrafted.wire: lambda e: f"recommendation drafted by {e.group}: {e.title}",
    wev.AmendmentTabled.wire: lambda e: f"amendment tabled to recommendation {e.recommendation}",
    wev.AmendmentWithdrawn.wire: lambda e: f"amendment {e.amendment} withdrawn",
    wev.AmendmentAdopted.wire: lambda e: f"amendment {e.amendment} adopted",
    wev.AmendmentRejected.wire: lambda e: f"amendment {e.amendment} rejected",
    wev.AmendmentLapsed.wire: lambda e: f"amendment {e.amendment} lapsed",
    wev.RecommendationRevised.wire: lambda e: (
        f"recommendation {e.recommendation} revised to version {e.version}"
    ),
    wev.RecommendationAdopted.wire: lambda e: (
        f"recommendation {e.recommendation} adopted (version {e.version})"
    ),
    wev.RecommendationRejected.wire: lambda e: f"recommendation {e.recommendation} rejected",
    fu.RecommendationsSubmitted.wire: lambda e: (
        f"{len(e.recommendations)} recommendation(s) submitted to the executive; "
        f"answers due {e.deadline}"
    ),
    fu.ExecutiveResponded.wire: lambda e: (
        f"the executive answered recommendation {e.recommendation}: {e.response.value}"
        f"{' (late)' if e.late else ''}"
    ),
    fu.PresentedToCouncil.wire: lambda e: (
        f"presented to the Council sitting of {e.sitting} as a {e.instrument.value}"
    ),
    fu.CouncilDecided.wire: lambda e: f"the Council {e.decision.value} it ({e.reference})",
    fu.ImplementationReported.wire: lambda e: (
        f"implementation of {e.recommendation}: {e.stage.value}, {e.summary}"
    ),
}
COUNTED_ELSEWHERE = frozenset({wev.VoteCast.wire, wev.AttendanceRecorded.wire})
ASSEMBLY_TO_DRAW = frozenset({ev.PanelArrived.wire, DRAW_ANNOUNCED})  # facts naming the draw


def kind_of(topic: str) -> str:
    """``assembly.member_seated.v1`` → ``member seated``."""
    parts = topic.split(".")
    name = parts[1] if len(parts) == 3 else topic
    return name.replace("_", " ")


def entry(f: Fact) -> list[Change]:
    if f.topic in COUNTED_ELSEWHERE:
        return []
    if f.event is not None:  # decoded already: the same fields, read from the event
        e = f.event
        envelope = _Envelope(
            e.at,
            e.by,
            getattr(e, "member", None),
            getattr(e, "assembly", None),
            getattr(e, "draw", None),
        )
    else:
        envelope = _envelope.decode(f.data)
    at, member = _as(envelope.at, datetime), _as(envelope.member, str)
    assembly, draw = _as(envelope.assembly, UUID), _as(envelope.draw, UUID)
    words = WORDS.get(f.topic if f.event is None else f.event.wire)  # a retired name: today's
    summary = words(f.event) if words is not None and f.event is not None else kind_of(f.topic)
    row = {
        "position": f.position,
        "assembly_id": uid(f.record),
        "at": when(at),
        "kind": kind_of(f.topic),
        "summary": summary,
        "member": member,
        "by": _as(envelope.by, str),
    }
    changes: list[Change] = [Insert(timeline, row)]
    if f.topic == DRAW_OPENED and assembly is not None:
        changes.append(Upsert(links, {"record_id": uid(f.record), "assembly_id": uid(assembly)}))
    if f.topic in ASSEMBLY_TO_DRAW and draw is not None:
        changes.append(Upsert(links, {"record_id": uid(draw), "assembly_id": uid(f.record)}))
    return changes


READ_MODEL = ReadModel(
    name="timeline",
    question="What happened in the assembly, when, in log order?",
    version=3,
    tables=(timeline, links),
    handlers={},
    fallback=entry,
    skips=COUNTED_ELSEWHERE,  # not even asked: most of the log, every vote and presence
    public=(timeline.name,),
)


RECORDS = {kind_of(ev.AssemblyConvened.wire): "assembly", kind_of(DRAW_OPENED): "draw"}


def record_kind(conn: Connection, record_id: str) -> str | None:
    """What is recorded under this id, told by its first fact: ``assembly`` or ``draw``, else
    that fact's kind; None when nothing is."""
    query = (
        select(timeline.c.kind)
        .where(timeline.c.assembly_id == record_id)
        .order_by(timeline.c.position)
        .limit(1)
    )
    first = conn.execute(query).scalar()
    return None if first is None else RECORDS.get(first, first)


def entries(conn: Connection, assembly_id: str, limit: int | None = None) -> list[dict[str, Any]]:
    draws = select(links.c.record_id).where(links.c.assembly_id == assembly_id)
    query = (
        select(timeline)
        .where(or_(timeline.c.assembly_id == assembly_id, timeline.c.assembly_id.in_(draws)))
        .order_by(timeline.c.position)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return rows if limit is None else rows[-limit:]
