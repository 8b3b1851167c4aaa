"""Time order of the assembly's work: a session opens after it was scheduled and its phase
opened; attendance, experts and ballots come inside the session's opening, votes inside the
ballot's; closes come after everything recorded; amendments after the text they amend and
before the vote on it."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.model import Choice, Motion, MotionKind
from core.assembly.ballots.rules import cast, close_ballot, open_ballot
from core.assembly.charter import Phase, Secrecy
from core.assembly.convening.commands import OpenPhase
from core.assembly.convening.rules import open_phase
from core.assembly.membership.commands import AcceptInvitation, SeatMember
from core.assembly.membership.rules import accept, seat
from core.assembly.recommendations.commands import (
    DraftRecommendation,
    TableAmendment,
    WithdrawAmendment,
)
from core.assembly.recommendations.rules import AmendmentRefused, draft, table, withdraw
from core.assembly.sittings.commands import (
    CloseSession,
    HearExpert,
    OpenSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
)
from core.assembly.sittings.model import Expert, Presence, SessionKind
from core.assembly.sittings.rules import (
    close_session,
    hear_expert,
    open_session,
    record_attendance,
    record_minutes,
    schedule,
)
from core.events import Event
from core.time_order import OutOfTimeOrder
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, history, seated_history

SECOND = UUID("00000000-0000-4000-8000-00000000cccc")
BALLOT = UUID("00000000-0000-4000-8000-0000000000b1")
REC = UUID("00000000-0000-4000-8000-0000000000c1")
AMD = UUID("00000000-0000-4000-8000-0000000000d1")
MANDATE = Motion(kind=MotionKind.MANDATE, subject=None, text="Hear the mayor")
ADOPT = Motion(kind=MotionKind.RECOMMENDATION, subject=REC, text="adopt")
ON_AMD = Motion(kind=MotionKind.AMENDMENT, subject=AMD, text="amend")
EXPERT = Expert(name="Dr Martin", affiliation="APUR", topic="heat")


def t(hours: float):
    return AT + timedelta(hours=hours)


def refused(match: str):
    return pytest.raises(OutOfTimeOrder, match=match)


def then(events: list[Event], *decide) -> list[Event]:
    """Each decision in turn on the state the previous ones left."""
    for d in decide:
        made = d(given(*events))
        events.extend(made if isinstance(made, list) else [made])
    return events


def _schedule(a, at=AT):
    return schedule(
        a,
        ScheduleSession(
            assembly_id=a.id,
            session_id=SECOND,
            kind=SessionKind.PLENARY,
            group=None,
            title="Second plenary",
            starts_at=at,
            agenda=("heat",),
            at=at,
            by=CLERK,
        ),
    )


def _opened_at(hours: float) -> list[Event]:
    """Four seated, discovery open; a second plenary scheduled, opened some hours later."""
    return then(
        seated_history(seated=4, present=4),
        _schedule,
        lambda a: open_session(
            a, OpenSession(assembly_id=a.id, session_id=SECOND, at=t(hours), by=CLERK)
        ),
    )


def _ballot_opened_at(hours: float, motion: Motion = MANDATE, phases: int = 1) -> list[Event]:
    events = seated_history(seated=4, present=4, phase_count=phases)
    return then(
        events,
        lambda a: open_ballot(
            a,
            OpenBallot(
                assembly_id=a.id,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=motion,
                secrecy=Secrecy.ROLL_CALL,
                at=t(hours),
                by=CLERK,
            ),
        ),
    )


def test_given_a_session_scheduled_when_it_opens_before_then_refused():
    events = then(
        seated_history(seated=1, present=1),
        lambda a: _schedule(a, at=t(2)),
    )

    with refused("session 'Second plenary' cannot open at .*: it was scheduled at"):
        open_session(
            given(*events),
            OpenSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=t(1), by=CLERK),
        )


def test_given_the_phase_opened_when_a_session_opens_before_it_then_refused():
    events = history(
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.DISCOVERY, at=t(2), by=CLERK)
        ),
        _schedule,
    )

    with refused("session 'Second plenary' cannot open at .*: the discovery phase opened at"):
        open_session(
            given(*events),
            OpenSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=t(1), by=CLERK),
        )


def test_given_a_session_opened_when_attendance_is_dated_before_then_refused():
    assembly = given(*_opened_at(2))

    with refused("cannot record attendance of ele-000 at .*: session 'Second plenary' opened"):
        record_attendance(
            assembly,
            RecordAttendance(
                assembly_id=assembly.id,
                presence={"ele-000": Presence.PRESENT},
                session_id=SECOND,
                at=t(1),
                by=CLERK,
            ),
        )[0]


def test_given_a_session_opened_when_an_expert_is_heard_before_then_refused():
    with refused("cannot hear Dr Martin at .*: session 'Second plenary' opened"):
        hear_expert(
            given(*_opened_at(2)),
            HearExpert(
                assembly_id=ASSEMBLY_ID, session_id=SECOND, expert=EXPERT, at=t(1), by=CLERK
            ),
        )


def test_given_a_session_opened_when_a_ballot_opens_before_then_refused():
    assembly = given(*_opened_at(2))

    with refused("cannot open a ballot on 'Hear the mayor' at .*: session 'Second plenary'"):
        open_ballot(
            assembly,
            OpenBallot(
                assembly_id=assembly.id,
                ballot_id=BALLOT,
                session_id=SECOND,
                motion=MANDATE,
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_an_expert_heard_when_the_session_closes_before_then_refused():
    events = then(
        _opened_at(0),
        lambda a: hear_expert(
            a, HearExpert(assembly_id=a.id, session_id=SECOND, expert=EXPERT, at=t(2), by=CLERK)
        ),
    )

    with refused("'Second plenary' cannot close at .*: the last act recorded in it was at"):
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=SECOND, at=t(1), by=CLERK),
        )


def test_given_a_closed_ballot_when_its_session_closes_before_then_refused():
    events = then(
        _ballot_opened_at(0),
        lambda a: close_ballot(
            a, CloseBallot(assembly_id=a.id, ballot_id=BALLOT, at=t(2), by=CLERK)
        ),
    )

    with refused("session 'Plenary' cannot close at .*: the last act recorded in it was at"):
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=t(1), by=CLERK),
        )


def test_given_a_closed_session_when_its_minutes_are_dated_before_the_close_then_refused():
    events = then(
        _opened_at(0),
        lambda a: close_session(
            a, CloseSession(assembly_id=a.id, session_id=SECOND, at=t(2), by=CLERK)
        ),
    )

    with refused("the minutes of 'Second plenary' cannot be recorded .*: the session closed"):
        record_minutes(
            given(*events),
            RecordMinutes(
                assembly_id=ASSEMBLY_ID,
                session_id=SECOND,
                sha256="ab" * 32,
                location="https://paris.fr/pv",
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_a_ballot_opened_when_a_vote_is_dated_before_then_refused():
    with refused("ele-000 cannot vote at .*: the ballot on 'Hear the mayor' opened at"):
        cast(
            given(*_ballot_opened_at(2)),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-000": Choice.AGAINST},
                ballot_id=BALLOT,
                at=t(1),
                by="member:ele-000",
            ),
        )[0]


def test_given_a_member_seated_late_when_their_vote_is_dated_before_the_seat_then_refused():
    events = then(
        _ballot_opened_at(0),
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-050", at=AT, by="member:ele-050")
        ),
        lambda a: seat(a, SeatMember(assembly_id=a.id, member="ele-050", at=t(3), by=CLERK)),
        lambda a: record_attendance(
            a,
            RecordAttendance(
                assembly_id=a.id,
                presence={"ele-050": Presence.PRESENT},
                session_id=PLENARY,
                at=t(3),
                by=CLERK,
            ),
        )[0],
    )

    with refused("ele-050 cannot vote at .*: they were seated at 2026-02-01T21:00:00Z"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-050": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=t(2),
                by="member:ele-050",
            ),
        )[0]


def test_given_a_vote_when_the_ballot_closes_before_it_then_refused():
    events = then(
        _ballot_opened_at(0),
        lambda a: cast(
            a,
            CastVotes(
                assembly_id=a.id,
                votes={"ele-000": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=t(2),
                by="member:ele-000",
            ),
        )[0],
    )

    with refused("the ballot on 'Hear the mayor' cannot close at .*: its last vote was cast at"):
        close_ballot(
            given(*events),
            CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=BALLOT, at=t(1), by=CLERK),
        )


def _drafted_at(hours: float) -> list[Event]:
    return then(
        seated_history(seated=4, present=4, phase_count=2),
        lambda a: draft(
            a,
            DraftRecommendation(
                assembly_id=a.id,
                recommendation_id=REC,
                group="environment",
                title="Trees",
                text="Plant trees.",
                at=t(hours),
                by=CLERK,
            ),
        ),
    )


def _table(at):
    return lambda a: table(
        a,
        TableAmendment(
            assembly_id=a.id,
            amendment_id=AMD,
            recommendation_id=REC,
            member="ele-001",
            text="Plant more trees.",
            at=at,
            by=CLERK,
        ),
    )


def test_given_the_recommendations_phase_opened_when_a_draft_is_dated_before_then_refused():
    events = then(
        seated_history(seated=1, present=1),
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.RECOMMENDATIONS, at=t(2), by=CLERK)
        ),
    )

    with refused("'Trees' cannot be drafted at .*: the recommendations phase opened at"):
        draft(
            given(*events),
            DraftRecommendation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                group="environment",
                title="Trees",
                text="x",
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_a_draft_when_an_amendment_is_tabled_before_the_text_then_refused():
    with refused("amendment to 'Trees' cannot be tabled .*: the text it amends \\(version 1\\)"):
        _table(t(1))(given(*_drafted_at(2)))


def test_given_the_vote_on_a_text_open_when_an_amendment_is_tabled_then_refused():
    events = then(
        _drafted_at(0),
        lambda a: open_ballot(
            a,
            OpenBallot(
                assembly_id=a.id,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=ADOPT,
                at=t(1),
                by=CLERK,
            ),
        ),
    )

    with pytest.raises(AmendmentRefused, match="amendments come before the vote on their text"):
        _table(t(2))(given(*events))


def test_given_an_amendment_tabled_when_its_ballot_opens_before_then_refused():
    events = then(_drafted_at(0), _table(t(2)))

    with refused(f"the vote on amendment {AMD} cannot open at .*: it was tabled at"):
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=ON_AMD,
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_an_amendment_decided_when_the_vote_on_the_text_opens_before_then_refused():
    events = then(
        _drafted_at(0),
        _table(t(0)),
        lambda a: open_ballot(
            a,
            OpenBallot(
                assembly_id=a.id,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=ON_AMD,
                secrecy=Secrecy.ROLL_CALL,
                at=t(0),
                by=CLERK,
            ),
        ),
        lambda a: close_ballot(
            a, CloseBallot(assembly_id=a.id, ballot_id=BALLOT, at=t(2), by=CLERK)
        ),  # no votes: rejected
    )

    with refused(f"the vote on 'Trees' cannot open .*: amendment {AMD} was rejected at"):
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=UUID(int=2),
                session_id=PLENARY,
                motion=ADOPT,
                at=t(1),
                by=CLERK,
            ),
        )


def test_given_an_amendment_tabled_when_it_is_withdrawn_before_then_refused():
    events = then(_drafted_at(0), _table(t(2)))

    with refused(f"amendment {AMD} cannot be withdrawn at .*: it was tabled at"):
        withdraw(
            given(*events),
            WithdrawAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                member="ele-001",
                at=t(1),
                by="member:ele-001",
            ),
        )
