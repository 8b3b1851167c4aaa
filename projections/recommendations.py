"""Recommendation lifecycle: draft, its text versions, adopted or rejected, submitted to the
executive, answered, presented to the Council and decided, then implementation reports.

The stage is read from the facts recorded (the Council's decision, else its sitting, else
the executive's answer, else the submission, else the vote), never stored twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Integer, String, Table, Text, or_, select

from core.assembly.followup import facts as followup_facts
from core.assembly.recommendations import facts as recommendation_facts
from core.assembly.recommendations.model import RecommendationStatus
from projections.changes import Change, Fact, Insert, ReadModel, Update, uid, when
from projections.schema import metadata
from projections.timeline import N_, english, wording

recommendations = Table(
    "recommendations",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("recommendation_id", String(36), primary_key=True),
    Column("working_group", String(100), nullable=False),
    Column("title", String(500), nullable=False),
    Column("status", String(16), nullable=False),  # draft, adopted, rejected, submitted
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("drafted_at", String(40), nullable=False),
    Column("ballot_id", String(36)),
    Column("decided_at", String(40)),
    Column("submission_id", String(36)),
    Column("response", String(32)),
    Column("response_reasons", Text),
    Column("responded_at", String(40)),
    Column("late", Boolean),
    Column("report_stage", String(16)),
    Column("report_summary", Text),
    Column("reported_at", String(40)),
)
versions = Table(
    "recommendation_versions",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("recommendation_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("amendment_id", String(36)),  # the adopted amendment that produced it
    Column("at", String(40), nullable=False),
    Column("position", Integer),  # the log position of the fact that made the version
)
submissions = Table(
    "submissions",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("submission_id", String(36), primary_key=True),
    Column("submitted_at", String(40), nullable=False),
    Column("deadline", String(10), nullable=False),
    Column("council_sitting", String(10)),
    Column("instrument", String(16)),
    Column("council_decision", String(16)),
    Column("council_reference", String(200)),
)
lifecycle = Table(
    "recommendation_lifecycle",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("subject_id", String(36), primary_key=True),  # a recommendation, or a submission
    Column("assembly_id", String(36), nullable=False, index=True),
    Column("stage", String(32), nullable=False),
    Column("at", String(40), nullable=False),
    Column("detail", Text, nullable=False),  # in English, as the CLI says it
    Column("words", Text),  # the same for the portal to translate (``timeline.wording``)
)


def _step(f: Fact, subject: Any, step: str, detail: str, **values: Any) -> Insert:
    """A step, its ``detail`` in English (``timeline.english``) and its wording apart
    (``timeline.wording``) for the portal to translate."""
    e = f.event
    row = {
        "position": f.position,
        "subject_id": uid(subject),
        "assembly_id": uid(e.originator_id),
        "stage": step,
        "at": when(e.at),
        "detail": english(detail, values),
        "words": wording(detail, values),
    }
    return Insert(lifecycle, row)


def _version(f: Fact, number: int, sha256: str, text: str, amendment: Any = None) -> Insert:
    e = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "recommendation_id": uid(e.recommendation),
        "version": number,
        "sha256": sha256,
        "text": text,
        "amendment_id": uid(amendment),
        "at": when(e.at),
        "position": f.position,
    }
    return Insert(versions, row)


def drafted(f: Fact) -> list[Change]:
    e: recommendation_facts.RecommendationDrafted = f.event
    row = {c.name: None for c in recommendations.columns} | {
        "assembly_id": uid(e.originator_id),
        "recommendation_id": uid(e.recommendation),
        "working_group": e.group,
        "title": e.title,
        "status": RecommendationStatus.DRAFT.value,
        "version": 1,
        "sha256": e.sha256,
        "drafted_at": when(e.at),
    }
    return [
        Insert(recommendations, row),
        _version(f, 1, e.sha256, e.text),
        _step(
            f,
            e.recommendation,
            "drafted",
            N_("by the {group} group: {title}"),
            group=e.group,
            title=e.title,
        ),
    ]


def _rec(f: Fact, rid: Any, **values: Any) -> Update:
    return Update(recommendations, (uid(f.event.originator_id), uid(rid)), values)


def revised(f: Fact) -> list[Change]:
    e: recommendation_facts.RecommendationRevised = f.event
    return [
        _rec(f, e.recommendation, version=e.version, sha256=e.sha256),
        _version(f, e.version, e.sha256, e.text, e.amendment),
        _step(
            f,
            e.recommendation,
            "revised",
            N_("version {version} by amendment {amendment}"),
            version=e.version,
            amendment=e.amendment,
        ),
    ]


def voted(f: Fact, status: RecommendationStatus) -> list[Change]:
    e = f.event
    values = {"status": status.value, "ballot_id": uid(e.ballot), "decided_at": when(e.at)}
    step = _step(f, e.recommendation, status.value, N_("by ballot {ballot}"), ballot=e.ballot)
    return [_rec(f, e.recommendation, **values), step]


def submitted(f: Fact) -> Iterator[Change]:
    e: followup_facts.RecommendationsSubmitted = f.event
    yield Insert(
        submissions,
        {
            "assembly_id": uid(e.originator_id),
            "submission_id": uid(e.submission),
            "submitted_at": when(e.at),
            "deadline": when(e.deadline),
            "council_sitting": None,
            "instrument": None,
            "council_decision": None,
            "council_reference": None,
        },
    )
    status = RecommendationStatus.SUBMITTED.value
    for rid in e.recommendations:
        yield _rec(f, rid, status=status, submission_id=uid(e.submission))
        detail = N_("to the executive in submission {submission}; answer due {deadline}")
        yield _step(f, rid, "submitted", detail, submission=e.submission, deadline=e.deadline)


def responded(f: Fact) -> list[Change]:
    e: followup_facts.ExecutiveResponded = f.event
    values = {
        "response": e.response.value,
        "response_reasons": e.reasons,
        "responded_at": when(e.at),
        "late": e.late,
    }
    detail = N_("{response} (late): {reasons}") if e.late else N_("{response}: {reasons}")
    step = _step(
        f, e.recommendation, "answered", detail, response=e.response.value, reasons=e.reasons
    )
    return [_rec(f, e.recommendation, **values), step]


def _submission(f: Fact, **values: Any) -> Update:
    return Update(submissions, (uid(f.event.originator_id), uid(f.event.submission)), values)


def presented(f: Fact) -> list[Change]:
    e: followup_facts.PresentedToCouncil = f.event
    values = {"council_sitting": when(e.sitting), "instrument": e.instrument.value}
    detail = N_("at the sitting of {sitting} as a {instrument}")
    step = _step(
        f,
        e.submission,
        "presented to the Council",
        detail,
        sitting=e.sitting,
        instrument=e.instrument.value,
    )
    return [_submission(f, **values), step]


def council_decided(f: Fact) -> list[Change]:
    e: followup_facts.CouncilDecided = f.event
    values = {"council_decision": e.decision.value, "council_reference": e.reference}
    detail = N_("{decision} ({reference})")
    step = _step(
        f, e.submission, "Council decided", detail, decision=e.decision.value, reference=e.reference
    )
    return [_submission(f, **values), step]


def reported(f: Fact) -> list[Change]:
    e: followup_facts.ImplementationReported = f.event
    values = {"report_stage": e.stage.value, "report_summary": e.summary, "reported_at": when(e.at)}
    detail = N_("{stage}: {summary}")
    return [
        _rec(f, e.recommendation, **values),
        _step(
            f, e.recommendation, "implementation", detail, stage=e.stage.value, summary=e.summary
        ),
    ]


READ_MODEL = ReadModel(
    name="recommendations",
    question="Where does each recommendation stand, from draft to the Council and after?",
    version=3,  # 2: each version's log position; 3: the steps' wording apart (``words``)
    tables=(recommendations, versions, submissions, lifecycle),
    handlers={
        recommendation_facts.RecommendationDrafted.wire: drafted,
        recommendation_facts.RecommendationRevised.wire: revised,
        recommendation_facts.RecommendationAdopted.wire: lambda f: voted(
            f, RecommendationStatus.ADOPTED
        ),
        recommendation_facts.RecommendationRejected.wire: lambda f: voted(
            f, RecommendationStatus.REJECTED
        ),
        followup_facts.RecommendationsSubmitted.wire: submitted,
        followup_facts.ExecutiveResponded.wire: responded,
        followup_facts.PresentedToCouncil.wire: presented,
        followup_facts.CouncilDecided.wire: council_decided,
        followup_facts.ImplementationReported.wire: reported,
    },
    public=(recommendations.name, versions.name, submissions.name, lifecycle.name),
)


def stage(rec: dict[str, Any], sub: dict[str, Any] | None) -> str:
    """The furthest step reached: draft → adopted → submitted → answered → Council."""
    if sub is not None and sub["council_decision"]:
        return f"Council {sub['council_decision']}"
    if sub is not None and sub["council_sitting"]:
        return "presented to the Council"
    if rec["response"]:
        return "answered"
    return str(rec["status"])


def _submissions(conn: Connection, assembly_id: str) -> dict[str, dict[str, Any]]:
    query = select(submissions).where(submissions.c.assembly_id == assembly_id)
    return {r["submission_id"]: dict(r) for r in conn.execute(query).mappings()}


def recommendation_list(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    subs = _submissions(conn, assembly_id)
    query = (
        select(recommendations)
        .where(recommendations.c.assembly_id == assembly_id)
        .order_by(recommendations.c.drafted_at, recommendations.c.recommendation_id)
    )
    out = []
    for r in conn.execute(query).mappings():
        sub = subs.get(r["submission_id"]) if r["submission_id"] else None
        out.append({**r, "stage": stage(dict(r), sub), "submission": sub})
    return out


def recommendation(conn: Connection, assembly_id: str, rid: str) -> dict[str, Any] | None:
    """One recommendation: where it stands, its text versions, and every step, in log order."""
    found = [r for r in recommendation_list(conn, assembly_id) if r["recommendation_id"] == rid]
    if not found:
        return None
    rec = found[0]
    texts = select(versions).where(
        versions.c.assembly_id == assembly_id, versions.c.recommendation_id == rid
    )
    subjects = [rid, *([rec["submission_id"]] if rec["submission_id"] else [])]
    steps = select(lifecycle).where(
        lifecycle.c.assembly_id == assembly_id,
        or_(*(lifecycle.c.subject_id == s for s in subjects)),
    )
    return {
        **rec,
        "versions": [dict(v) for v in conn.execute(texts.order_by(versions.c.version)).mappings()],
        "lifecycle": [
            dict(s) for s in conn.execute(steps.order_by(lifecycle.c.position)).mappings()
        ],
    }
