"""After the votes: only adopted texts are submitted; answers once, late ones marked late;
the Council decides after the presentation; implementation is reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from core.assembly.ballots.model import MotionKind
from core.assembly.convening.rules import TermEnded
from core.assembly.followup.commands import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.assembly.followup.rules import (
    FollowUpRefused,
    council_decides,
    overdue,
    present,
    report,
    respond,
    submit,
)
from core.assembly.recommendations.model import RecommendationStatus
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, given
from tests.core.test_amendments import FOR, REC, _decide, _drafted

PACKAGE = UUID("00000000-0000-4000-8000-0000000000e1")
EXECUTIVE = "executive:cabinet"


def _adopted():
    return _decide(_drafted(), UUID(int=99), MotionKind.RECOMMENDATION, REC, FOR)


def _submitted():
    events = _adopted()
    events.append(
        submit(
            given(*events),
            SubmitRecommendations(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                recommendations=(REC,),
                at=AT,
                by=CLERK,
            ),
        )
    )
    return events


def test_given_an_adopted_text_when_submitted_then_it_is_submitted_with_a_deadline() -> None:
    events = _submitted()

    assembly = given(*events)

    assert assembly.recommendations[REC].status is RecommendationStatus.SUBMITTED
    assert assembly.submissions[PACKAGE].deadline == AT.date() + timedelta(days=90)


def test_given_a_draft_when_submitted_then_refused() -> None:
    with pytest.raises(FollowUpRefused, match="'Trees' is draft: only adopted texts"):
        submit(
            given(*_drafted()),
            SubmitRecommendations(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                recommendations=(REC,),
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_submitted_text_when_answered_late_then_the_answer_is_marked_late() -> None:
    events = _submitted()
    after = AT + timedelta(days=120)

    answer = respond(
        given(*events),
        RecordExecutiveResponse(
            assembly_id=ASSEMBLY_ID,
            recommendation_id=REC,
            response=Response.PARTLY_ACCEPTED,
            reasons="budget",
            at=after,
            by=EXECUTIVE,
        ),
    )

    assert answer.late
    assert overdue(given(*events), after.date()) == [REC]
    assert overdue(given(*events, answer), after.date()) == []


def test_given_an_answered_text_when_answered_again_then_refused() -> None:
    events = _submitted()
    events.append(
        respond(
            given(*events),
            RecordExecutiveResponse(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                response=Response.ACCEPTED,
                reasons="yes",
                at=AT,
                by=EXECUTIVE,
            ),
        )
    )

    with pytest.raises(FollowUpRefused, match="already answered"):
        respond(
            given(*events),
            RecordExecutiveResponse(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                response=Response.REJECTED,
                reasons="no",
                at=AT,
                by=EXECUTIVE,
            ),
        )


def test_given_a_package_not_presented_when_the_council_decides_then_refused() -> None:
    with pytest.raises(FollowUpRefused, match="not been presented"):
        council_decides(
            given(*_submitted()),
            RecordCouncilDecision(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                decision=CouncilDecision.ADOPTED,
                reference="2026 DDCT 12",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_presented_package_when_the_council_adopts_a_voeu_then_on_record() -> None:
    events = _submitted()
    events.append(
        present(
            given(*events),
            PresentToCouncil(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                sitting=date(2026, 12, 8),
                instrument=Instrument.VOEU,
                at=AT,
                by=CLERK,
            ),
        )
    )

    events.append(
        council_decides(
            given(*events),
            RecordCouncilDecision(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                decision=CouncilDecision.ADOPTED,
                reference="2026 V. 412",
                at=AT,
                by=CLERK,
            ),
        )
    )

    sub = given(*events).submissions[PACKAGE]
    assert (sub.instrument, sub.council_decision) == (Instrument.VOEU, CouncilDecision.ADOPTED)


def test_given_a_submitted_text_when_progress_is_reported_after_the_term_then_recorded() -> None:
    events = _submitted()
    later = datetime(2027, 6, 1, tzinfo=UTC)

    events.append(
        report(
            given(*events),
            ReportImplementation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                stage=Stage.UNDER_WAY,
                summary="400 trees planted",
                at=later,
                by=EXECUTIVE,
            ),
        )
    )

    assert given(*events).reports[REC][0].stage is Stage.UNDER_WAY


def test_given_the_term_has_ended_when_submitting_then_refused() -> None:
    with pytest.raises(TermEnded):
        submit(
            given(*_adopted()),
            SubmitRecommendations(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                recommendations=(REC,),
                at=datetime(2027, 2, 1, tzinfo=UTC),
                by=CLERK,
            ),
        )
