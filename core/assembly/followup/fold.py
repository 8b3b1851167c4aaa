"""How the follow-up's facts change the assembly's state (core.assembly.fold gathers them)."""

from __future__ import annotations

import msgspec

from core.assembly.followup.facts import (
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
)
from core.assembly.followup.model import Answer, Report, Submission
from core.assembly.recommendations.model import RecommendationStatus
from core.assembly.state import Assembly, Folds, touch


def submitted(e: RecommendationsSubmitted, a: Assembly) -> Assembly:
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


def responded(e: ExecutiveResponded, a: Assembly) -> Assembly:
    answer = Answer(
        response=e.response, reasons=e.reasons, answered_on=e.at.date(), late=e.late, at=e.at
    )
    return touch(a, e, answers={**a.answers, e.recommendation: answer})


def presented(e: PresentedToCouncil, a: Assembly) -> Assembly:
    sub = msgspec.structs.replace(
        a.submissions[e.submission],
        council_sitting=e.sitting,
        instrument=e.instrument,
        presented_at=e.at,
    )
    return touch(a, e, submissions={**a.submissions, e.submission: sub})


def decided(e: CouncilDecided, a: Assembly) -> Assembly:
    sub = msgspec.structs.replace(
        a.submissions[e.submission],
        council_decision=e.decision,
        council_reference=e.reference,
        decided_at=e.at,
    )
    return touch(a, e, submissions={**a.submissions, e.submission: sub})


def reported(e: ImplementationReported, a: Assembly) -> Assembly:
    report = Report(on=e.at.date(), stage=e.stage, summary=e.summary)
    reports = {**a.reports, e.recommendation: (*a.reports.get(e.recommendation, ()), report)}
    return touch(a, e, reports=reports)


FOLDS: Folds = {
    RecommendationsSubmitted: submitted,
    ExecutiveResponded: responded,
    PresentedToCouncil: presented,
    CouncilDecided: decided,
    ImplementationReported: reported,
}
