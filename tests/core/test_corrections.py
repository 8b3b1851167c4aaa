"""Corrections without rewriting: a fact corrected or annulled by a new fact naming it by its log
position, under the rules of corrections (core.assembly.corrections) and of the whole history
decided again with the correction applied (core.audit.rehearse)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import pytest

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.facts import VoteCast
from core.assembly.ballots.model import Choice, Motion, MotionKind
from core.assembly.ballots.rules import cast, close_ballot, open_ballot
from core.assembly.charter import Secrecy
from core.assembly.convening.commands import ConveneAssembly
from core.assembly.convening.rules import convene
from core.assembly.corrections import (
    AlreadyAnnulled,
    BadValue,
    FactAnnulled,
    FactCorrected,
    NotCorrectable,
    NothingToCorrect,
    NotTheClerk,
    NotThisAssembly,
    UnknownFact,
)
from core.assembly.followup.commands import RecordExecutiveResponse, SubmitRecommendations
from core.assembly.followup.facts import ExecutiveResponded
from core.assembly.followup.model import Response
from core.assembly.followup.rules import respond, submit
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import AcceptInvitation, SeatMember
from core.assembly.membership.facts import InvitationAccepted
from core.assembly.recommendations.commands import DraftRecommendation
from core.assembly.recommendations.rules import draft
from core.assembly.sittings import rules as sittings
from core.assembly.sittings.commands import CloseSession, RecordMinutes, ScheduleSession
from core.assembly.sittings.facts import MinutesRecorded, SessionScheduled
from core.assembly.sittings.model import SessionKind
from core.assembly.state import Assembly
from core.audit.redecide import Context
from core.audit.rehearse import Unsettles, annul, as_it_stands, correct
from core.events import Event
from core.text.check import TextRefused
from tests.core.paris import (
    ASSEMBLY_ID,
    AT,
    CLERK,
    PLENARY,
    charter,
    given,
    history,
    seated_history,
)

REC = UUID("00000000-0000-4000-8000-0000000000c1")
BALLOT = UUID("00000000-0000-4000-8000-0000000000b1")
PACKAGE = UUID("00000000-0000-4000-8000-0000000000e1")
LATER = AT + timedelta(days=1)


class Log:
    """One log: position N holds the N-th fact appended."""

    def __init__(self, events: list[Event]) -> None:
        self.events = list(events)

    def fact_at(self, position: int) -> Event | None:
        return self.events[position - 1] if 1 <= position <= len(self.events) else None

    def position(self, cls: type[Event]) -> int:
        return next(i for i, e in enumerate(self.events, 1) if type(e) is cls)

    def context(self) -> Context:
        mine: Callable[[UUID], list[Event]] = lambda a: [  # noqa: E731
            e for e in self.events if e.originator_id == a
        ]
        return Context({}, {}, mine, self.fact_at)

    def state(self) -> Assembly:
        state = given(*(e for e in self.events if e.originator_id == self.events[0].originator_id))
        return (
            as_it_stands(self.context().history(state.id), self.context())
            if state.unapplied
            else state
        )

    def then(self, decide: Callable[[Assembly, Context], Event]) -> Event:
        event = decide(self.state(), self.context())
        self.events.append(event)
        return event


def _accepted_then_seated() -> Log:
    return Log(
        history(
            lambda a: membership.accept(
                a, AcceptInvitation(assembly_id=a.id, member="ele-000", at=AT, by="member:ele-000")
            ),
            lambda a: membership.seat(
                a, SeatMember(assembly_id=a.id, member="ele-000", at=LATER, by=CLERK)
            ),
        )
    )


def _correct(log: Log, cls: type[Event], field: str, value: str) -> Event:
    position = log.position(cls)
    return log.then(
        lambda a, c: correct(a, position, field, value, "typo", context=c, at=LATER, by=CLERK)
    )


def _annul(log: Log, cls: type[Event]) -> Event:
    position = log.position(cls)
    return log.then(lambda a, c: annul(a, position, "in error", context=c, at=LATER, by=CLERK))


def test_given_a_misspelt_title_when_corrected_then_the_state_holds_the_corrected_title():
    log = Log(seated_history(seated=2, present=2))

    fact = _correct(log, SessionScheduled, "title", "Plénière d'ouverture")

    assert isinstance(fact, FactCorrected) and fact.position == log.position(SessionScheduled)
    assert log.state().sessions[PLENARY].title == "Plénière d'ouverture"


def test_given_an_acceptance_when_its_time_is_corrected_within_the_order_then_it_stands():
    log = _accepted_then_seated()

    _correct(log, InvitationAccepted, "at", "2026-02-02T09:00:00Z")

    assert log.state().members["ele-000"].accepted_at.isoformat() == "2026-02-02T09:00:00+00:00"


def test_given_a_seat_when_the_acceptance_is_corrected_to_after_it_then_refused_by_time_order():
    log = _accepted_then_seated()

    with pytest.raises(
        Unsettles, match=r"would break the later member seated of .*: correct that fact first$"
    ) as refused:
        _correct(log, InvitationAccepted, "at", "2026-02-03T09:00:00Z")

    assert refused.value.rule == "time-order"


def test_given_a_vote_when_corrected_then_refused_as_never_correctable():
    log = Log(_adopted())

    with pytest.raises(NotCorrectable, match=r"this fact \(vote cast\) can be neither corrected"):
        _correct(log, VoteCast, "choice", "against")


def test_given_a_session_when_a_field_outside_the_table_is_corrected_then_refused():
    log = Log(seated_history(seated=2, present=2))

    with pytest.raises(NotCorrectable, match="'kind' of a session scheduled cannot be corrected"):
        _correct(log, SessionScheduled, "kind", "working-group")


def test_given_a_title_when_corrected_to_what_it_says_then_refused_as_nothing_to_correct():
    log = Log(seated_history(seated=2, present=2))

    with pytest.raises(NothingToCorrect, match=r"title of the session scheduled .* already says"):
        _correct(log, SessionScheduled, "title", "Plenary")


def test_given_a_time_not_in_the_records_form_when_corrected_then_refused():
    log = _accepted_then_seated()

    with pytest.raises(BadValue, match="as the record does: '2026-02-02T08:00:00Z'"):
        _correct(log, InvitationAccepted, "at", "2026-02-02T09:00:00+01:00")


def test_given_minutes_when_their_location_is_corrected_to_a_non_url_then_refused_by_text():
    log = Log(seated_history(seated=2, present=2))
    log.then(
        lambda a, _: sittings.close_session(
            a, CloseSession(assembly_id=a.id, session_id=PLENARY, at=AT, by=CLERK)
        )
    )
    log.then(
        lambda a, _: sittings.record_minutes(
            a,
            RecordMinutes(
                assembly_id=a.id,
                session_id=PLENARY,
                sha256="a" * 64,
                location="https://x.fr/pv.pdf",
                at=AT,
                by=CLERK,
            ),
        )
    )

    with pytest.raises(TextRefused, match="https"):
        _correct(log, MinutesRecorded, "location", "paris.fr/pv.pdf")


def test_given_a_session_with_attendance_when_its_scheduling_is_annulled_then_refused():
    log = Log(seated_history(seated=2, present=2))

    with pytest.raises(Unsettles, match=r"annulling the session scheduled .* later session opened"):
        _annul(log, SessionScheduled)


def test_given_an_annulled_fact_when_corrected_or_annulled_again_then_refused():
    log = Log(seated_history(seated=2, present=2))
    log.then(
        lambda a, _: sittings.schedule(
            a,
            ScheduleSession(
                assembly_id=a.id,
                session_id=UUID(int=7),
                kind=SessionKind.PLENARY,
                group=None,
                title="Twice",
                starts_at=AT,
                agenda=("x",),
                at=AT,
                by=CLERK,
            ),
        )
    )
    position = len(log.events)
    log.then(lambda a, c: annul(a, position, "scheduled twice", context=c, at=LATER, by=CLERK))

    with pytest.raises(AlreadyAnnulled, match=f"at log position {position} was annulled"):
        log.then(
            lambda a, c: correct(a, position, "title", "x", "r", context=c, at=LATER, by=CLERK)
        )
    assert UUID(int=7) not in log.state().sessions


def test_given_a_fact_of_another_assembly_when_corrected_here_then_refused():
    other = convene(
        ConveneAssembly(charter=charter(cohort=2027), at=AT, by=CLERK), new_id=UUID(int=99)
    )
    log = _accepted_then_seated()
    log.events.append(other)

    with pytest.raises(NotThisAssembly, match="belongs to another record"):
        log.then(
            lambda a, c: correct(a, len(log.events), "at", "x", "r", context=c, at=LATER, by=CLERK)
        )


def test_given_a_member_when_they_correct_their_own_acceptance_then_refused_as_the_clerks_act():
    log = _accepted_then_seated()
    position = log.position(InvitationAccepted)

    with pytest.raises(NotTheClerk, match="member:ele-000 is drawn for this assembly"):
        log.then(
            lambda a, c: correct(
                a,
                position,
                "at",
                "2026-02-01T19:00:00Z",
                "r",
                context=c,
                at=LATER,
                by="member:ele-000",
            )
        )


def test_given_no_fact_at_a_position_when_corrected_then_refused():
    log = _accepted_then_seated()

    with pytest.raises(UnknownFact, match="no fact is recorded at log position 99"):
        log.then(lambda a, c: correct(a, 99, "at", "x", "r", context=c, at=LATER, by=CLERK))


def _adopted() -> list[Event]:
    motion = Motion(kind=MotionKind.RECOMMENDATION, subject=REC, text="adopt")
    log = Log(seated_history(seated=4, present=4, phase_count=2))
    log.then(
        lambda a, _: draft(
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
        )
    )
    log.then(
        lambda a, _: open_ballot(
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
        )
    )
    for i in range(4):
        log.then(
            lambda a, _, m=f"ele-00{i}": cast(
                a,
                CastVotes(
                    assembly_id=a.id, votes={m: Choice.IN_FAVOUR}, ballot_id=BALLOT, at=AT, by=m
                ),
            )[0]
        )
    for fact in close_ballot(
        log.state(), CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=BALLOT, at=AT, by=CLERK)
    ):
        log.events.append(fact)
    return log.events


def _answered(days: float) -> Log:
    log = Log(_adopted())
    log.then(
        lambda a, _: submit(
            a,
            SubmitRecommendations(
                assembly_id=a.id, submission_id=PACKAGE, recommendations=(REC,), at=AT, by=CLERK
            ),
        )
    )
    when = AT + timedelta(days=days)
    log.then(
        lambda a, _: respond(
            a,
            RecordExecutiveResponse(
                assembly_id=a.id,
                recommendation_id=REC,
                response=Response.ACCEPTED,
                reasons="yes",
                at=when,
                by="executive:cabinet",
            ),
        )
    )
    return log


def test_given_an_answer_recorded_in_error_when_annulled_then_it_can_be_recorded_again():
    log = _answered(1)

    fact = _annul(log, ExecutiveResponded)
    again = log.then(
        lambda a, _: respond(
            a,
            RecordExecutiveResponse(
                assembly_id=a.id,
                recommendation_id=REC,
                response=Response.REJECTED,
                reasons="no",
                at=LATER,
                by="executive:cabinet",
            ),
        )
    )

    assert isinstance(fact, FactAnnulled)
    assert (
        log.state().answers[REC].response is Response.REJECTED
        and again.response is Response.REJECTED
    )


def test_given_an_answer_when_its_time_is_corrected_after_the_deadline_then_it_stands_late():
    log = _answered(1)

    _correct(log, ExecutiveResponded, "at", "2026-12-01T10:00:00Z")

    assert log.state().answers[REC].late is True


def test_given_an_answer_when_its_time_is_corrected_before_the_submission_then_refused():
    log = _answered(1)

    with pytest.raises(
        Unsettles, match="responded at log position 32 is refused: the executive cannot answer"
    ):
        _correct(log, ExecutiveResponded, "at", "2026-01-20T10:00:00Z")
