"""How the follow-up's facts change the assembly's state (registered with evolve())."""

from __future__ import annotations

import msgspec

from core.assembly.followup import (
    Answer,
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
    Report,
    Submission,
)
from core.assembly.state import Assembly, evolve, touch
from core.assembly.work import RecommendationStatus


@evolve.register
def _(e: RecommendationsSubmitted, a: Assembly) -> Assembly:
    submission = Submission(
        id=e.submission,
        recommendations=e.recommendations,
        submitted_on=e.at.date(),
        deadline=e.deadline,
        submitted_at=e.at,
    )
    recs = dict(a.recommendations)
    for rid in e.recommendations:
        recs[rid] = msgspec.structs.replace(recs[rid], status=RecommendationStatus.SUBMITTED)
    return touch(
        a, e, submissions={**a.submissions, e.submission: submission}, recommendations=recs
    )


@evolve.register
def _(e: ExecutiveResponded, a: Assembly) -> Assembly:
    answer = Answer(
        response=e.response, reasons=e.reasons, answered_on=e.at.date(), late=e.late, at=e.at
    )
    return touch(a, e, answers={**a.answers, e.recommendation: answer})


@evolve.register
def _(e: PresentedToCouncil, a: Assembly) -> Assembly:
    sub = msgspec.structs.replace(
        a.submissions[e.submission],
        council_sitting=e.sitting,
        instrument=e.instrument,
        presented_at=e.at,
    )
    return touch(a, e, submissions={**a.submissions, e.submission: sub})


@evolve.register
def _(e: CouncilDecided, a: Assembly) -> Assembly:
    sub = msgspec.structs.replace(
        a.submissions[e.submission],
        council_decision=e.decision,
        council_reference=e.reference,
        decided_at=e.at,
    )
    return touch(a, e, submissions={**a.submissions, e.submission: sub})


@evolve.register
def _(e: ImplementationReported, a: Assembly) -> Assembly:
    report = Report(on=e.at.date(), stage=e.stage, summary=e.summary)
    reports = {**a.reports, e.recommendation: (*a.reports.get(e.recommendation, ()), report)}
    return touch(a, e, reports=reports)
