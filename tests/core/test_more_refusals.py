"""The rest of the clerk's rules: each refusal names the rule and the facts."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from core.assembly.ballots.commands import CloseBallot, OpenBallot
from core.assembly.ballots.model import Motion, MotionKind
from core.assembly.ballots.rules import BallotRefused, close_ballot, open_ballot
from core.assembly.charter import Secrecy
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
    present,
    report,
    respond,
    submit,
)
from core.assembly.recommendations.commands import TableAmendment, WithdrawAmendment
from core.assembly.recommendations.rules import AmendmentRefused, table, withdraw
from core.assembly.sittings.commands import (
    CloseSession,
    HearExpert,
    OpenSession,
    RecordAttendance,
    ScheduleSession,
)
from core.assembly.sittings.model import Expert, Presence, SessionKind
from core.assembly.sittings.rules import (
    SessionRefused,
    close_session,
    hear_expert,
    open_session,
    record_attendance,
    schedule,
)
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, seated_history
from tests.core.test_aftermath import PACKAGE, _submitted
from tests.core.test_amendments import AMD, B1, FOR, REC, _decide, _drafted, _tabled

MANDATE = Motion(kind=MotionKind.MANDATE, subject=None, text="m")
EXPERT = Expert(name="E", affiliation="A", topic="T")


def test_given_an_open_session_when_opened_again_then_refused() -> None:
    with pytest.raises(SessionRefused, match="already open"):
        open_session(
            given(*seated_history(seated=2)),
            OpenSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )


def test_given_a_plenary_with_a_group_when_scheduled_then_refused() -> None:
    with pytest.raises(SessionRefused, match="belongs to no working group"):
        schedule(
            given(*seated_history(seated=2)),
            ScheduleSession(
                assembly_id=ASSEMBLY_ID,
                session_id=UUID(int=5),
                kind=SessionKind.PLENARY,
                group="environment",
                title="P",
                starts_at=AT,
                agenda=("a",),
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_closed_session_when_an_expert_is_heard_or_attendance_taken_then_refused() -> None:
    events = seated_history(seated=2)
    events.append(
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )
    )

    with pytest.raises(SessionRefused, match="is closed"):
        hear_expert(
            given(*events),
            HearExpert(assembly_id=ASSEMBLY_ID, session_id=PLENARY, expert=EXPERT, at=AT, by=CLERK),
        )
    with pytest.raises(SessionRefused, match="is closed"):
        record_attendance(
            given(*events),
            RecordAttendance(
                assembly_id=ASSEMBLY_ID,
                presence={"ele-000": Presence.PRESENT},
                session_id=PLENARY,
                at=AT,
                by=CLERK,
            ),
        )[0]


def test_given_an_open_ballot_when_another_opens_in_the_session_then_refused() -> None:
    events = seated_history(seated=2)
    events.append(
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=UUID(int=1),
                session_id=PLENARY,
                motion=MANDATE,
                at=AT,
                by=CLERK,
            ),
        )
    )

    with pytest.raises(BallotRefused, match="still open in this session"):
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=UUID(int=2),
                session_id=PLENARY,
                motion=MANDATE,
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_closed_ballot_when_closed_again_then_refused() -> None:
    events = seated_history(seated=2)
    events.append(
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=UUID(int=1),
                session_id=PLENARY,
                motion=MANDATE,
                secrecy=Secrecy.ROLL_CALL,
                at=AT,
                by=CLERK,
            ),
        )
    )
    events.extend(
        close_ballot(
            given(*events),
            CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=UUID(int=1), at=AT, by=CLERK),
        )
    )

    with pytest.raises(BallotRefused, match="already closed"):
        close_ballot(
            given(*events),
            CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=UUID(int=1), at=AT, by=CLERK),
        )


def test_given_an_amendment_on_an_older_text_when_put_to_the_vote_then_refused() -> None:
    events = _tabled(_drafted())
    late = UUID(int=8)
    events.append(
        table(
            given(*events),
            TableAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=late,
                recommendation_id=REC,
                member="ele-002",
                text="Other.",
                at=AT,
                by="member:ele-002",
            ),
        )
    )
    events = _decide(events, B1, MotionKind.AMENDMENT, AMD, FOR)  # text moves: late lapses
    motion = Motion(kind=MotionKind.AMENDMENT, subject=late, text="late")

    with pytest.raises(BallotRefused, match="is lapsed"):
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=UUID(int=9),
                session_id=PLENARY,
                motion=motion,
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_withdrawn_amendment_when_withdrawn_again_then_refused() -> None:
    events = _tabled(_drafted())
    events.append(
        withdraw(
            given(*events),
            WithdrawAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                member="ele-001",
                at=AT,
                by="member:ele-001",
            ),
        )
    )

    with pytest.raises(AmendmentRefused, match="is withdrawn"):
        withdraw(
            given(*events),
            WithdrawAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                member="ele-001",
                at=AT,
                by="member:ele-001",
            ),
        )


def test_given_a_submitted_text_when_submitted_again_then_refused() -> None:
    with pytest.raises(FollowUpRefused, match="is submitted: only adopted"):
        submit(
            given(*_submitted()),
            SubmitRecommendations(
                assembly_id=ASSEMBLY_ID,
                submission_id=UUID(int=3),
                recommendations=(REC,),
                at=AT,
                by=CLERK,
            ),
        )


def test_given_an_answer_without_reasons_when_recorded_then_refused() -> None:
    with pytest.raises(FollowUpRefused, match="needs its reasons"):
        respond(
            given(*_submitted()),
            RecordExecutiveResponse(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                response=Response.REJECTED,
                reasons=" ",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_presented_package_when_presented_again_or_decided_twice_then_refused() -> None:
    events = _submitted()
    events.append(
        present(
            given(*events),
            PresentToCouncil(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                sitting=date(2026, 12, 8),
                instrument=Instrument.DELIBERATION,
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
                decision=CouncilDecision.REJECTED,
                reference="2026 D 1",
                at=AT,
                by=CLERK,
            ),
        )
    )

    with pytest.raises(FollowUpRefused, match="was presented on 2026-12-08"):
        present(
            given(*events),
            PresentToCouncil(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                sitting=date(2026, 12, 9),
                instrument=Instrument.VOEU,
                at=AT,
                by=CLERK,
            ),
        )
    with pytest.raises(FollowUpRefused, match="already decided"):
        council_decides(
            given(*events),
            RecordCouncilDecision(
                assembly_id=ASSEMBLY_ID,
                submission_id=PACKAGE,
                decision=CouncilDecision.ADOPTED,
                reference="x",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_draft_when_implementation_is_reported_then_refused() -> None:
    with pytest.raises(FollowUpRefused, match="never submitted"):
        report(
            given(*_drafted()),
            ReportImplementation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                stage=Stage.PLANNED,
                summary="x",
                at=AT,
                by=CLERK,
            ),
        )
