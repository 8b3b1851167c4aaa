"""A session postponed or cancelled before it opens, with its reason: a postponed session opens
no earlier than its new start; a cancelled one never sits (no attendance, ballot, expert)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from core.assembly.ballots.commands import OpenBallot
from core.assembly.ballots.model import Motion, MotionKind
from core.assembly.ballots.rules import open_ballot
from core.assembly.charter import Phase
from core.assembly.convening import rules as decisions
from core.assembly.convening.commands import OpenPhase
from core.assembly.corrections import NotCorrectable, amended
from core.assembly.sittings.commands import (
    CancelSession,
    HearExpert,
    OpenSession,
    PostponeSession,
    RecordAttendance,
    ScheduleSession,
)
from core.assembly.sittings.facts import SessionPostponed
from core.assembly.sittings.model import Expert, Presence, SessionKind, SessionStatus
from core.assembly.sittings.rules import (
    BadPostponement,
    CancelledSession,
    NotScheduled,
    cancel,
    hear_expert,
    open_session,
    postpone,
    record_attendance,
    schedule,
)
from core.assembly.state import Assembly
from core.events import Event
from core.time_order import OutOfTimeOrder
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, seated_history

SECOND = UUID("00000000-0000-4000-8000-00000000cccc")
LATER = AT + timedelta(days=7)
WEEK_AFTER = AT + timedelta(days=14)


def _with_second_plenary() -> list[Event]:
    """Seated members, the discovery phase open, a second plenary scheduled a week later."""
    events = seated_history(seated=3, present=0)
    events.append(
        schedule(
            given(*events),
            ScheduleSession(
                assembly_id=ASSEMBLY_ID,
                session_id=SECOND,
                kind=SessionKind.PLENARY,
                group=None,
                title="Second plenary",
                starts_at=LATER,
                agenda=("hearings",),
                at=AT,
                by=CLERK,
            ),
        )
    )
    return events


def _then(events: list[Event], decide: object) -> list[Event]:
    assert callable(decide)
    return [*events, decide(given(*events))]


def _cancelled() -> list[Event]:
    return _then(
        _with_second_plenary(),
        lambda a: cancel(
            a,
            CancelSession(
                assembly_id=a.id,
                session_id=SECOND,
                reason="the hall is closed for works",
                at=AT,
                by=CLERK,
            ),
        ),
    )


def _postponed() -> list[Event]:
    return _then(
        _with_second_plenary(),
        lambda a: postpone(
            a,
            PostponeSession(
                assembly_id=a.id,
                session_id=SECOND,
                starts_at=WEEK_AFTER,
                reason="a strike of public transport",
                at=AT,
                by=CLERK,
            ),
        ),
    )


def test_given_a_scheduled_session_when_postponed_then_it_starts_later_with_its_reason() -> None:
    events = _postponed()

    session = given(*events).sessions[SECOND]

    assert session.status is SessionStatus.SCHEDULED
    assert session.starts_at == WEEK_AFTER
    assert session.postponed_from == LATER
    assert session.reason == "a strike of public transport"


def test_given_a_postponed_session_when_opened_before_its_new_start_then_refused() -> None:
    events = _postponed()

    with pytest.raises(OutOfTimeOrder, match="no earlier than its new start"):
        open_session(
            given(*events),
            OpenSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=LATER, by=CLERK),
        )
    opened = open_session(
        given(*events),
        OpenSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=WEEK_AFTER, by=CLERK),
    )
    assert given(*events, opened).sessions[SECOND].status is SessionStatus.OPEN


def test_given_a_postponed_session_when_postponed_again_then_the_first_start_is_kept() -> None:
    events = _postponed()

    again = postpone(
        given(*events),
        PostponeSession(
            assembly_id=ASSEMBLY_ID,
            session_id=SECOND,
            starts_at=WEEK_AFTER + timedelta(days=1),
            reason="still",
            at=AT,
            by=CLERK,
        ),
    )

    session = given(*events, again).sessions[SECOND]
    assert session.postponed_from == LATER
    assert session.starts_at == WEEK_AFTER + timedelta(days=1)


def test_given_a_session_when_postponed_to_a_start_not_later_then_refused() -> None:
    events = _with_second_plenary()

    with pytest.raises(BadPostponement, match="later than it was"):
        postpone(
            given(*events),
            PostponeSession(
                assembly_id=ASSEMBLY_ID,
                session_id=SECOND,
                starts_at=LATER,
                reason="same time",
                at=AT,
                by=CLERK,
            ),
        )
    with pytest.raises(BadPostponement, match="later than the postponement itself"):
        postpone(
            given(*events),
            PostponeSession(
                assembly_id=ASSEMBLY_ID,
                session_id=SECOND,
                starts_at=AT + timedelta(days=8),
                reason="late",
                at=WEEK_AFTER,
                by=CLERK,
            ),
        )


def test_given_an_opened_session_when_postponed_or_cancelled_then_refused() -> None:
    events = seated_history(seated=3, present=0)  # its plenary is open

    with pytest.raises(NotScheduled, match="is already open; only a session not yet opened"):
        postpone(
            given(*events),
            PostponeSession(
                assembly_id=ASSEMBLY_ID,
                session_id=PLENARY,
                starts_at=LATER,
                reason="too late",
                at=AT,
                by=CLERK,
            ),
        )
    with pytest.raises(NotScheduled, match="is already open"):
        cancel(
            given(*events),
            CancelSession(
                assembly_id=ASSEMBLY_ID, session_id=PLENARY, reason="too late", at=AT, by=CLERK
            ),
        )


def test_given_a_cancelled_session_when_opened_then_refused() -> None:
    events = _cancelled()

    with pytest.raises(CancelledSession, match="was cancelled \\(the hall is closed for works\\)"):
        open_session(
            given(*events),
            OpenSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=LATER, by=CLERK),
        )
    assert given(*events).sessions[SECOND].status is SessionStatus.CANCELLED


def test_given_a_cancelled_session_when_postponed_or_cancelled_again_then_refused() -> None:
    events = _cancelled()

    with pytest.raises(CancelledSession, match="cannot postpone it"):
        postpone(
            given(*events),
            PostponeSession(
                assembly_id=ASSEMBLY_ID,
                session_id=SECOND,
                starts_at=WEEK_AFTER,
                reason="another day",
                at=AT,
                by=CLERK,
            ),
        )
    with pytest.raises(CancelledSession, match="already cancelled"):
        cancel(
            given(*events),
            CancelSession(
                assembly_id=ASSEMBLY_ID, session_id=SECOND, reason="twice", at=AT, by=CLERK
            ),
        )


def test_given_a_cancelled_session_when_attended_heard_or_voted_in_then_refused() -> None:
    state: Assembly = given(*_cancelled())
    motion = Motion(kind=MotionKind.MANDATE, subject=None, text="Adopt the charter")
    expert = Expert(name="Dr. A. Martin", affiliation="Sorbonne", topic="heat")

    with pytest.raises(CancelledSession, match="record attendance of"):
        record_attendance(
            state,
            RecordAttendance(
                assembly_id=state.id,
                presence={"ele-000": Presence.PRESENT},
                session_id=SECOND,
                at=LATER,
                by=CLERK,
            ),
        )[0]
    with pytest.raises(CancelledSession, match="open a ballot"):
        open_ballot(
            state,
            OpenBallot(
                assembly_id=state.id,
                ballot_id=UUID(int=9),
                session_id=SECOND,
                motion=motion,
                at=LATER,
                by=CLERK,
            ),
        )
    with pytest.raises(CancelledSession, match=r"hear Dr\. A\. Martin"):
        hear_expert(
            state,
            HearExpert(assembly_id=state.id, session_id=SECOND, expert=expert, at=LATER, by=CLERK),
        )


def test_given_a_cancelled_session_when_the_phase_changes_then_still_cancelled() -> None:
    events = _then(
        _cancelled(),
        lambda a: decisions.open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.RECOMMENDATIONS, at=LATER, by=CLERK)
        ),
    )

    assert given(*events).sessions[SECOND].status is SessionStatus.CANCELLED


def test_given_a_postponement_when_its_new_start_is_corrected_then_the_reason_stays() -> None:
    fact = _postponed()[-1]

    corrected = amended(fact, "starts_at", "2026-02-16T18:00:00Z")

    assert isinstance(corrected, SessionPostponed)
    assert corrected.starts_at == WEEK_AFTER + timedelta(days=1)
    assert corrected.reason == fact.reason  # type: ignore[attr-defined]
    with pytest.raises(NotCorrectable, match="'session' of a session postponed"):
        amended(fact, "session", str(PLENARY))
