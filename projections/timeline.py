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

from core.assembly.ballots import facts as ballot_facts
from core.assembly.contacts import ContactsLookedUp
from core.assembly.convening import facts as convening_facts
from core.assembly.followup import facts as followup_facts
from core.assembly.membership import facts as membership_facts
from core.assembly.recommendations import facts as recommendation_facts
from core.assembly.sittings import facts as sitting_facts
from core.assembly.training import facts as training_facts
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
    convening_facts.AssemblyConvened.wire: lambda e: (
        f"{e.charter.name} convened: cohort {e.charter.cohort}, {e.charter.seats} seats, "
        f"{e.charter.term_start} to {e.charter.term_end}"
    ),
    convening_facts.PhaseOpened.wire: lambda e: f"the {e.phase.value} phase opened",
    membership_facts.PanelArrived.wire: lambda e: (
        f"the panel arrived from the draw: {len(e.panel)} invited, {len(e.reserves)} reserves"
    ),
    membership_facts.InvitationAccepted.wire: lambda e: "a member accepted their invitation",
    membership_facts.InvitationDeclined.wire: lambda e: "a member declined their invitation",
    membership_facts.MemberSeated.wire: lambda e: "a member took their seat",
    membership_facts.MemberWithdrew.wire: lambda e: "a member withdrew",
    membership_facts.MemberRemoved.wire: lambda e: "a member was removed",
    membership_facts.ReserveCalled.wire: lambda e: (
        ", ".join(filter(None, ("a reserve was called", quotas_of_call(e)))) + f" ({e.rule.value})"
    ),
    membership_facts.WorkingGroupChosen.wire: lambda e: f"a member joined the {e.group} group",
    ContactsLookedUp.wire: lambda e: (
        f"the contact details of {len(e.members)} of the drawn were looked up in the registry, "
        f"for {e.purpose.value}"
    ),
    sitting_facts.SessionScheduled.wire: lambda e: (
        f"{e.kind.value} session scheduled for {e.starts_at:%Y-%m-%d %H:%M} UTC: {e.title}"
    ),
    sitting_facts.SessionPostponed.wire: lambda e: (
        f"session {e.session} postponed to {e.starts_at:%Y-%m-%d %H:%M} UTC: {e.reason}"
    ),
    sitting_facts.SessionCancelled.wire: lambda e: f"session {e.session} cancelled: {e.reason}",
    sitting_facts.SessionOpened.wire: lambda e: f"session {e.session} opened",
    sitting_facts.ExpertHeard.wire: lambda e: (
        f"{e.expert.name} ({e.expert.affiliation}) heard on {e.expert.topic}"
    ),
    sitting_facts.SessionClosed.wire: lambda e: f"session {e.session} closed",
    sitting_facts.MinutesRecorded.wire: lambda e: f"minutes of session {e.session} at {e.location}",
    training_facts.TrainingScheduled.wire: lambda e: (
        f"training scheduled for {e.starts_at:%Y-%m-%d %H:%M} UTC: {e.topic}, by {e.trainer}"
    ),
    ballot_facts.BallotOpened.wire: lambda e: (
        f"ballot opened on a {e.motion.kind.value}: {e.motion.text}"
    ),
    ballot_facts.BallotClosed.wire: lambda e: (
        f"ballot {e.ballot} {'adopted' if e.outcome.adopted else 'not adopted'}: "
        f"{e.outcome.tally.in_favour} for, {e.outcome.tally.against} against, "
        f"{e.outcome.tally.abstentions} abstaining; {e.outcome.rule}"
    ),
    recommendation_facts.RecommendationDrafted.wire: lambda e: (
        f"recommendation drafted by {e.group}: {e.title}"
    ),
    recommendation_facts.AmendmentTabled.wire: lambda e: (
        f"amendment tabled to recommendation {e.recommendation}"
    ),
    recommendation_facts.AmendmentWithdrawn.wire: lambda e: f"amendment {e.amendment} withdrawn",
    recommendation_facts.AmendmentAdopted.wire: lambda e: f"amendment {e.amendment} adopted",
    recommendation_facts.AmendmentRejected.wire: lambda e: f"amendment {e.amendment} rejected",
    recommendation_facts.AmendmentLapsed.wire: lambda e: f"amendment {e.amendment} lapsed",
    recommendation_facts.RecommendationRevised.wire: lambda e: (
        f"recommendation {e.recommendation} revised to version {e.version}"
    ),
    recommendation_facts.RecommendationAdopted.wire: lambda e: (
        f"recommendation {e.recommendation} adopted (version {e.version})"
    ),
    recommendation_facts.RecommendationRejected.wire: lambda e: (
        f"recommendation {e.recommendation} rejected"
    ),
    followup_facts.RecommendationsSubmitted.wire: lambda e: (
        f"{len(e.recommendations)} recommendation(s) submitted to the executive; "
        f"answers due {e.deadline}"
    ),
    followup_facts.ExecutiveResponded.wire: lambda e: (
        f"the executive answered recommendation {e.recommendation}: {e.response.value}"
        f"{' (late)' if e.late else ''}"
    ),
    followup_facts.PresentedToCouncil.wire: lambda e: (
        f"presented to the Council sitting of {e.sitting} as a {e.instrument.value}"
    ),
    followup_facts.CouncilDecided.wire: lambda e: (
        f"the Council {e.decision.value} it ({e.reference})"
    ),
    followup_facts.ImplementationReported.wire: lambda e: (
        f"implementation of {e.recommendation}: {e.stage.value}, {e.summary}"
    ),
}
COUNTED_ELSEWHERE = frozenset(
    {
        ballot_facts.VoteCast.wire,
        sitting_facts.AttendanceRecorded.wire,
        training_facts.TrainingAttended.wire,
    }
)
ASSEMBLY_TO_DRAW = frozenset(
    {membership_facts.PanelArrived.wire, DRAW_ANNOUNCED}
)  # facts naming the draw


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


RECORDS = {kind_of(convening_facts.AssemblyConvened.wire): "assembly", kind_of(DRAW_OPENED): "draw"}


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
