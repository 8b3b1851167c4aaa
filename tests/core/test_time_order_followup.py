"""Time order after the votes: submission after the adoption; answers, the presentation to the
Council and its decision after the submission; reports after the answer and the decision."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.model import Choice, Motion, MotionKind
from core.assembly.ballots.rules import cast, close_ballot, open_ballot
from core.assembly.charter import Secrecy
from core.assembly.followup.commands import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.assembly.followup.rules import council_decides, present, report, respond, submit
from core.assembly.recommendations.commands import DraftRecommendation
from core.assembly.recommendations.rules import draft
from core.events import Event
from core.time_order import OutOfTimeOrder
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, seated_history

REC = UUID("00000000-0000-4000-8000-0000000000c1")
PACKAGE = UUID("00000000-0000-4000-8000-0000000000e1")
BALLOT = UUID("00000000-0000-4000-8000-0000000000b1")
EXECUTIVE = "executive:cabinet"


def t(days: float):
    return AT + timedelta(days=days)


def refused(match: str):
    return pytest.raises(OutOfTimeOrder, match=match)


def then(events: list[Event], *decide) -> list[Event]:
    for d in decide:
        made = d(given(*events))
        events.extend(made if isinstance(made, list) else [made])
    return events


def _adopted_at(days: float) -> list[Event]:
    """'Trees' drafted and carried by the four seated members; the ballot closed that day."""
    motion = Motion(kind=MotionKind.RECOMMENDATION, subject=REC, text="adopt")
    events = then(
        seated_history(seated=4, present=4, phase_count=2),
        lambda a: draft(
            a,
            DraftRecommendation(
                assembly_id=a.id,
                recommendation_id=REC,
                group="environment",
                title="Trees",
                text="x",
                at=AT,
                by=CLERK,
            ),
        ),
        lambda a: open_ballot(
            a,
            OpenBallot(
                assembly_id=a.id,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=motion,
                secrecy=Secrecy.ROLL_CALL,
                at=AT,
                by=CLERK,
            ),
        ),
    )
    for i in range(4):
        then(
            events,
            lambda a, m=f"ele-00{i}": cast(
                a,
                CastVotes(
                    assembly_id=a.id,
                    votes={m: Choice.IN_FAVOUR},
                    ballot_id=BALLOT,
                    at=AT,
                    by=f"member:{m}",
                ),
            )[0],
        )
    return then(
        events,
        lambda a: close_ballot(
            a, CloseBallot(assembly_id=a.id, ballot_id=BALLOT, at=t(days), by=CLERK)
        ),
    )


def _submitted_at(days: float) -> list[Event]:
    return then(
        _adopted_at(0),
        lambda a: submit(
            a,
            SubmitRecommendations(
                assembly_id=a.id,
                submission_id=PACKAGE,
                recommendations=(REC,),
                at=t(days),
                by=CLERK,
            ),
        ),
    )


def _presented_at(days: float) -> list[Event]:
    return then(
        _submitted_at(0),
        lambda a: present(
            a,
            PresentToCouncil(
                assembly_id=a.id,
                submission_id=PACKAGE,
                sitting=t(days).date(),
                instrument=Instrument.VOEU,
                at=t(days),
                by=CLERK,
            ),
        ),
    )


def test_given_an_adoption_when_the_submission_is_dated_before_it_then_refused():
    with refused("'Trees' cannot be submitted at .*: it was adopted at"):
        submit(
            given(*_adopted_at(2)),
            SubmitRecommendations(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                recommendations=(REC,),
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_a_submission_when_the_answer_is_dated_before_it_then_refused():
    with refused("the executive cannot answer 'Trees' at .*: it was submitted at"):
        respond(
            given(*_submitted_at(2)),
            RecordExecutiveResponse(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                response=Response.ACCEPTED,
                reasons="yes",
                at=t(1),
                by=EXECUTIVE,
            ),
        )


def test_given_a_submission_when_its_presentation_is_dated_before_it_then_refused():
    assembly = given(*_submitted_at(2))

    with refused(f"submission {PACKAGE} cannot be presented to the Council at .*: it was"):
        present(
            assembly,
            PresentToCouncil(
                assembly_id=assembly.id,
                submission_id=PACKAGE,
                sitting=date(2026, 3, 1),
                instrument=Instrument.VOEU,
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_a_presentation_when_the_council_decision_is_dated_before_it_then_refused():
    assembly = given(*_presented_at(2))

    with refused("the Council's decision .* cannot be recorded at .*: it was presented to"):
        council_decides(
            assembly,
            RecordCouncilDecision(
                assembly_id=assembly.id,
                submission_id=PACKAGE,
                decision=CouncilDecision.ADOPTED,
                reference="V. 1",
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_an_answer_when_a_report_is_dated_before_it_then_refused():
    events = then(
        _submitted_at(0),
        lambda a: respond(
            a,
            RecordExecutiveResponse(
                assembly_id=a.id,
                recommendation_id=REC,
                response=Response.ACCEPTED,
                reasons="funded",
                at=t(2),
                by=EXECUTIVE,
            ),
        ),
    )

    with refused("the implementation of 'Trees' cannot be reported .*: the executive answered"):
        report(
            given(*events),
            ReportImplementation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                stage=Stage.PLANNED,
                summary="soon",
                at=t(1),
                by=EXECUTIVE,
            ),
        )


def test_given_a_council_decision_when_a_report_is_dated_before_it_then_refused():
    events = then(
        _presented_at(1),
        lambda a: council_decides(
            a,
            RecordCouncilDecision(
                assembly_id=a.id,
                submission_id=PACKAGE,
                decision=CouncilDecision.ADOPTED,
                reference="V. 1",
                at=t(3),
                by=CLERK,
            ),
        ),
    )

    with refused("the implementation of 'Trees' cannot be reported .*: the Council decided at"):
        report(
            given(*events),
            ReportImplementation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                stage=Stage.PLANNED,
                summary="soon",
                at=t(2),
                by=EXECUTIVE,
            ),
        )
