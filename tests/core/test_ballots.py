"""Ballots: in an open session, by seated members present, once each, closed by the rules."""

from __future__ import annotations

from uuid import UUID

import pytest

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.model import Choice, Motion, MotionKind, Tally
from core.assembly.ballots.rules import (
    AlreadyVoted,
    BallotRefused,
    SecretChoice,
    cast,
    close_ballot,
    open_ballot,
)
from core.assembly.charter import Secrecy
from core.assembly.sittings.commands import CloseSession
from core.assembly.sittings.rules import NotSeated, SessionRefused, close_session
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, seated_history

BALLOT = UUID("00000000-0000-4000-8000-0000000000b1")
MANDATE = Motion(kind=MotionKind.MANDATE, subject=None, text="Hear the mayor in March")


def _open(events, secrecy=Secrecy.ROLL_CALL):
    events.append(
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=BALLOT,
                session_id=PLENARY,
                motion=MANDATE,
                secrecy=secrecy,
                at=AT,
                by=CLERK,
            ),
        )
    )
    return events


def _votes(events, choices):
    for member, choice in choices.items():
        events.append(
            cast(
                given(*events),
                CastVotes(
                    assembly_id=ASSEMBLY_ID,
                    votes={member: choice},
                    ballot_id=BALLOT,
                    at=AT,
                    by=f"member:{member}",
                ),
            )[0]
        )
    return events


def test_given_roll_call_when_closed_then_the_tally_is_the_recorded_choices() -> None:
    events = _votes(
        _open(seated_history(seated=4)),
        {"ele-000": Choice.IN_FAVOUR, "ele-001": Choice.IN_FAVOUR, "ele-002": Choice.AGAINST},
    )

    closed = close_ballot(
        given(*events), CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=BALLOT, at=AT, by=CLERK)
    )

    outcome = closed[0].outcome
    assert (outcome.tally.in_favour, outcome.tally.against, outcome.adopted) == (2, 1, True)
    assert given(*events).ballots[BALLOT].choices["ele-002"] is Choice.AGAINST


def test_given_a_secret_ballot_when_votes_are_cast_then_who_took_part_but_never_their_choice() -> (
    None
):
    events = _votes(_open(seated_history(seated=3), Secrecy.SECRET), {"ele-000": None})

    ballot = given(*events).ballots[BALLOT]

    assert ballot.voters == ("ele-000",)
    assert ballot.choices == {}
    assert events[-1].choice is None


def test_given_a_secret_ballot_when_a_choice_is_given_then_refused_not_stored_as_none() -> None:
    events = _open(seated_history(seated=3), Secrecy.SECRET)

    with pytest.raises(SecretChoice, match="is secret: name ele-000 alone, without a choice"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-000": Choice.AGAINST},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-000",
            ),
        )[0]


def test_given_a_roll_call_when_no_choice_is_given_then_refused() -> None:
    events = _open(seated_history(seated=3))

    with pytest.raises(BallotRefused, match="is a roll call: give ele-000's choice"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-000": None},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-000",
            ),
        )[0]


def test_given_a_secret_count_that_does_not_add_up_when_closed_then_refused() -> None:
    events = _votes(_open(seated_history(seated=3), Secrecy.SECRET), {"ele-000": None})

    with pytest.raises(BallotRefused, match="adds up to 2; 1 members took part"):
        close_ballot(
            given(*events),
            CloseBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=BALLOT,
                count=Tally(in_favour=1, against=1, abstentions=0),
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_member_who_voted_when_voting_again_then_refused() -> None:
    events = _votes(_open(seated_history(seated=3)), {"ele-000": Choice.AGAINST})

    with pytest.raises(AlreadyVoted, match="ele-000 has already voted"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-000": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-000",
            ),
        )[0]


def test_given_a_seated_member_absent_from_the_session_when_voting_then_refused() -> None:
    events = _open(seated_history(seated=3, present=2))

    with pytest.raises(BallotRefused, match="ele-002 is not recorded present"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-002": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-002",
            ),
        )[0]


def test_given_someone_not_seated_when_voting_then_refused() -> None:
    events = _open(seated_history(seated=3))

    with pytest.raises(NotSeated, match="ele-050 cannot vote"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-050": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-050",
            ),
        )[0]


def test_given_a_closed_ballot_when_voting_then_refused() -> None:
    events = _votes(_open(seated_history(seated=3)), {"ele-000": Choice.IN_FAVOUR})
    events.extend(
        close_ballot(
            given(*events), CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=BALLOT, at=AT, by=CLERK)
        )
    )

    with pytest.raises(BallotRefused, match="is closed"):
        cast(
            given(*events),
            CastVotes(
                assembly_id=ASSEMBLY_ID,
                votes={"ele-001": Choice.IN_FAVOUR},
                ballot_id=BALLOT,
                at=AT,
                by="member:ele-001",
            ),
        )[0]


def test_given_an_open_ballot_when_the_session_closes_then_refused() -> None:
    events = _open(seated_history(seated=3))

    with pytest.raises(SessionRefused, match="has an open ballot"):
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )


def test_given_a_closed_session_when_a_ballot_opens_then_refused() -> None:
    events = seated_history(seated=3)
    events.append(
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )
    )

    with pytest.raises(SessionRefused, match="session 'Plenary' is closed"):
        _open(events)


def test_given_too_few_present_when_closed_then_not_adopted_for_want_of_quorum() -> None:
    events = _votes(_open(seated_history(seated=10, present=4)), {"ele-000": Choice.IN_FAVOUR})

    outcome = close_ballot(
        given(*events), CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=BALLOT, at=AT, by=CLERK)
    )[0].outcome

    assert not outcome.quorum_met and not outcome.adopted
    assert "no quorum: 4 present, 5 needed of 10 seated" in outcome.rule
