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
from datetime import date, datetime
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
from projections.roster import standing as _standing
from projections.schema import metadata

timeline = Table(
    "timeline",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("assembly_id", String(36), nullable=False, index=True),  # or the draw's record
    Column("at", String(40)),
    Column("kind", String(64), nullable=False),
    Column("summary", Text, nullable=False),  # in English, as the CLI and open data say it
    Column("words", Text),  # the same for the portal to translate: ``wording``'s JSON, or null
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
_wording = msgspec.json.Encoder(order="sorted")


def _as(value: Any, tp: Any) -> Any:
    try:
        return msgspec.convert(value, tp)
    except msgspec.ValidationError:
        return None


def N_(message: str) -> str:
    """A line's wording, marked for the portal's catalogue (`make portal-catalogue`)."""
    return message


Said = tuple[str, dict[str, Any]]  # an English wording with {names}, and the values it names
Words = Callable[[Any], Said]


def _stood(e: membership_facts.ReserveCalled) -> Said:
    """How a call stood against the committed quotas (as ``roster.quotas_of_call`` words it)."""
    rule = {"rule": e.rule.value}
    if e.keeps_quotas is None:
        return N_("a reserve was called ({rule})"), rule
    if e.keeps_quotas:
        return N_("a reserve was called, keeping the committed quotas ({rule})"), rule
    standing = {"breach": e.breach, "quotas": "; ".join(_standing(q) for q in e.breached), **rule}
    if e.breach == 1:
        return N_(
            "a reserve was called, breaching the committed quotas by {breach} seat, as every "
            "reserve would (none by fewer): {quotas} ({rule})"
        ), standing
    return N_(
        "a reserve was called, breaching the committed quotas by {breach} seats, as every "
        "reserve would (none by fewer): {quotas} ({rule})"
    ), standing


def _closed(e: ballot_facts.BallotClosed) -> Said:
    o = e.outcome
    values = {
        "ballot": e.ballot,
        "in_favour": o.tally.in_favour,
        "against": o.tally.against,
        "abstentions": o.tally.abstentions,
        "rule": o.rule,
        "threshold": o.threshold.value,
        "votes_cast": o.votes_cast,
        "present": o.present,
        "quorum_needed": o.quorum_needed,
        "seated": o.seated,
    }
    if o.adopted:
        return N_(
            "ballot {ballot} adopted: {in_favour} for, {against} against, {abstentions} "
            "abstaining; {rule}"
        ), values
    return N_(
        "ballot {ballot} not adopted: {in_favour} for, {against} against, {abstentions} "
        "abstaining; {rule}"
    ), values


WORDS: dict[str, Words] = {
    convening_facts.AssemblyConvened.wire: lambda e: (
        N_("{name} convened: cohort {cohort}, {seats} seats, {term_start} to {term_end}"),
        {
            "name": e.charter.name,
            "cohort": e.charter.cohort,
            "seats": e.charter.seats,
            "term_start": e.charter.term_start,
            "term_end": e.charter.term_end,
        },
    ),
    convening_facts.PhaseOpened.wire: lambda e: (
        N_("the {phase} phase opened"),
        {"phase": e.phase.value},
    ),
    membership_facts.PanelArrived.wire: lambda e: (
        N_("the panel arrived from the draw: {invited} invited, {reserves} reserves"),
        {"invited": len(e.panel), "reserves": len(e.reserves)},
    ),
    membership_facts.InvitationAccepted.wire: lambda e: (
        N_("a member accepted their invitation"),
        {},
    ),
    membership_facts.InvitationDeclined.wire: lambda e: (
        N_("a member declined their invitation"),
        {},
    ),
    membership_facts.MemberSeated.wire: lambda e: (N_("a member took their seat"), {}),
    membership_facts.MemberWithdrew.wire: lambda e: (N_("a member withdrew"), {}),
    membership_facts.MemberRemoved.wire: lambda e: (N_("a member was removed"), {}),
    membership_facts.ReserveCalled.wire: _stood,
    membership_facts.WorkingGroupChosen.wire: lambda e: (
        N_("a member joined the {group} group"),
        {"group": e.group},
    ),
    ContactsLookedUp.wire: lambda e: (
        N_(
            "the contact details of {count} of the drawn were looked up in the registry, "
            "for {purpose}"
        ),
        {"count": len(e.members), "purpose": e.purpose.value},
    ),
    sitting_facts.SessionScheduled.wire: lambda e: (
        N_("{kind} session scheduled for {starts_at}: {title}"),
        {"kind": e.kind.value, "starts_at": e.starts_at, "title": e.title},
    ),
    sitting_facts.SessionPostponed.wire: lambda e: (
        N_("session {session} postponed to {starts_at}: {reason}"),
        {"session": e.session, "starts_at": e.starts_at, "reason": e.reason},
    ),
    sitting_facts.SessionCancelled.wire: lambda e: (
        N_("session {session} cancelled: {reason}"),
        {"session": e.session, "reason": e.reason},
    ),
    sitting_facts.SessionOpened.wire: lambda e: (
        N_("session {session} opened"),
        {"session": e.session},
    ),
    sitting_facts.ExpertHeard.wire: lambda e: (
        N_("{name} ({affiliation}) heard on {topic}"),
        {"name": e.expert.name, "affiliation": e.expert.affiliation, "topic": e.expert.topic},
    ),
    sitting_facts.SessionClosed.wire: lambda e: (
        N_("session {session} closed"),
        {"session": e.session},
    ),
    sitting_facts.MinutesRecorded.wire: lambda e: (
        N_("minutes of session {session} at {location}"),
        {"session": e.session, "location": e.location},
    ),
    training_facts.TrainingScheduled.wire: lambda e: (
        N_("training scheduled for {starts_at}: {topic}, by {trainer}"),
        {"starts_at": e.starts_at, "topic": e.topic, "trainer": e.trainer},
    ),
    ballot_facts.BallotOpened.wire: lambda e: (
        N_("ballot opened on a {motion}: {text}"),
        {"motion": e.motion.kind.value, "text": e.motion.text},
    ),
    ballot_facts.BallotClosed.wire: _closed,
    recommendation_facts.RecommendationDrafted.wire: lambda e: (
        N_("recommendation drafted by {group}: {title}"),
        {"group": e.group, "title": e.title},
    ),
    recommendation_facts.AmendmentTabled.wire: lambda e: (
        N_("amendment tabled to recommendation {recommendation}"),
        {"recommendation": e.recommendation},
    ),
    recommendation_facts.AmendmentWithdrawn.wire: lambda e: (
        N_("amendment {amendment} withdrawn"),
        {"amendment": e.amendment},
    ),
    recommendation_facts.AmendmentAdopted.wire: lambda e: (
        N_("amendment {amendment} adopted"),
        {"amendment": e.amendment},
    ),
    recommendation_facts.AmendmentRejected.wire: lambda e: (
        N_("amendment {amendment} rejected"),
        {"amendment": e.amendment},
    ),
    recommendation_facts.AmendmentLapsed.wire: lambda e: (
        N_("amendment {amendment} lapsed"),
        {"amendment": e.amendment},
    ),
    recommendation_facts.RecommendationRevised.wire: lambda e: (
        N_("recommendation {recommendation} revised to version {version}"),
        {"recommendation": e.recommendation, "version": e.version},
    ),
    recommendation_facts.RecommendationAdopted.wire: lambda e: (
        N_("recommendation {recommendation} adopted (version {version})"),
        {"recommendation": e.recommendation, "version": e.version},
    ),
    recommendation_facts.RecommendationRejected.wire: lambda e: (
        N_("recommendation {recommendation} rejected"),
        {"recommendation": e.recommendation},
    ),
    followup_facts.RecommendationsSubmitted.wire: lambda e: (
        N_("{count} recommendation(s) submitted to the executive; answers due {deadline}"),
        {"count": len(e.recommendations), "deadline": e.deadline},
    ),
    followup_facts.ExecutiveResponded.wire: lambda e: (
        N_("the executive answered recommendation {recommendation}: {response} (late)")
        if e.late
        else N_("the executive answered recommendation {recommendation}: {response}"),
        {"recommendation": e.recommendation, "response": e.response.value},
    ),
    followup_facts.PresentedToCouncil.wire: lambda e: (
        N_("presented to the Council sitting of {sitting} as a {instrument}"),
        {"sitting": e.sitting, "instrument": e.instrument.value},
    ),
    followup_facts.CouncilDecided.wire: lambda e: (
        N_("the Council {decision} it ({reference})"),
        {"decision": e.decision.value, "reference": e.reference},
    ),
    followup_facts.ImplementationReported.wire: lambda e: (
        N_("implementation of {recommendation}: {stage}, {summary}"),
        {"recommendation": e.recommendation, "stage": e.stage.value, "summary": e.summary},
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


def _value(v: Any) -> Any:
    """A value as the wording keeps it: times and days in ISO 8601, ids as text."""
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v if isinstance(v, int | str) or v is None else str(v)


def wording(template: str, values: dict[str, Any], **mark: Any) -> str:
    """The JSON the portal translates: ``{"text": template, "values": {...}}`` (and, for a
    corrected or annulled line, ``"mark"`` and ``"at"``, the correcting fact's position)."""
    return _wording.encode(
        {"text": template, "values": {k: _value(v) for k, v in values.items()}, **mark}
    ).decode()


def marked(words: str, mark: str, at: int) -> str:
    """A line's wording, marked ``corrected`` or ``annulled`` by the fact at ``at``."""
    return _wording.encode({**msgspec.json.decode(words), "mark": mark, "at": at}).decode()


def english(template: str, values: dict[str, Any]) -> str:
    """The line in English, as the record has always said it (times in UTC, to the minute)."""
    return template.format_map({k: _english(v) for k, v in values.items()})


def _english(v: Any) -> Any:
    if isinstance(v, datetime):
        return f"{v:%Y-%m-%d %H:%M} UTC"
    return v


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
    said = words(f.event) if words is not None and f.event is not None else None
    row = {
        "position": f.position,
        "assembly_id": uid(f.record),
        "at": when(at),
        "kind": kind_of(f.topic),
        "summary": kind_of(f.topic) if said is None else english(*said),
        "words": None if said is None else wording(*said),
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
    version=4,  # 4: the line's wording kept apart for the portal to translate (``words``)
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
