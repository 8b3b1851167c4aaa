"""Recommendations drafted, amended by seated members, decided by ballot, versioned by hash."""

from __future__ import annotations

from uuid import UUID

import pytest

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.model import Choice, Motion, MotionKind
from core.assembly.ballots.rules import BallotRefused, cast, close_ballot, open_ballot
from core.assembly.charter import Secrecy
from core.assembly.recommendations.commands import (
    DraftRecommendation,
    TableAmendment,
    WithdrawAmendment,
)
from core.assembly.recommendations.model import AmendmentStatus, RecommendationStatus
from core.assembly.recommendations.rules import (
    AmendmentRefused,
    RecommendationRefused,
    draft,
    table,
    text_hash,
    withdraw,
)
from core.assembly.sittings.rules import NotSeated
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, seated_history

REC = UUID("00000000-0000-4000-8000-0000000000c1")
AMD = UUID("00000000-0000-4000-8000-0000000000d1")
B1 = UUID("00000000-0000-4000-8000-0000000000b1")
B2 = UUID("00000000-0000-4000-8000-0000000000b2")
TEXT = "Plant 1,000 trees in the 11th arrondissement."
AMENDED = "Plant 2,000 trees in the 11th and 12th arrondissements."


def _drafted(seated=5, present=5):
    events = seated_history(seated=seated, present=present, phase_count=2)
    events.append(
        draft(
            given(*events),
            DraftRecommendation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                group="environment",
                title="Trees",
                text=TEXT,
                at=AT,
                by=CLERK,
            ),
        )
    )
    return events


def _tabled(events):
    events.append(
        table(
            given(*events),
            TableAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                recommendation_id=REC,
                member="ele-001",
                text=AMENDED,
                at=AT,
                by="member:ele-001",
            ),
        )
    )
    return events


def _decide(events, bid, kind, subject, choices):
    motion = Motion(kind=kind, subject=subject, text="decide")
    events.append(
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=bid,
                session_id=PLENARY,
                motion=motion,
                secrecy=Secrecy.ROLL_CALL,
                at=AT,
                by=CLERK,
            ),
        )
    )
    for member, choice in choices.items():
        events.append(
            cast(
                given(*events),
                CastVotes(
                    assembly_id=ASSEMBLY_ID,
                    votes={member: choice},
                    ballot_id=bid,
                    at=AT,
                    by=f"member:{member}",
                ),
            )[0]
        )
    events.extend(
        close_ballot(
            given(*events), CloseBallot(assembly_id=ASSEMBLY_ID, ballot_id=bid, at=AT, by=CLERK)
        )
    )
    return events


FOR = {f"ele-00{i}": Choice.IN_FAVOUR for i in range(4)}
AGAINST = {f"ele-00{i}": Choice.AGAINST for i in range(4)}


def test_given_a_draft_when_an_amendment_is_adopted_then_the_text_moves_to_version_two() -> None:
    events = _decide(_tabled(_drafted()), B1, MotionKind.AMENDMENT, AMD, FOR)

    rec = given(*events).recommendations[REC]

    assert [v.number for v in rec.versions] == [1, 2]
    assert rec.current.sha256 == text_hash(AMENDED) and rec.current.amendment == AMD
    assert given(*events).amendments[AMD].status is AmendmentStatus.ADOPTED


def test_given_an_amendment_rejected_when_decided_then_the_text_stays() -> None:
    events = _decide(_tabled(_drafted()), B1, MotionKind.AMENDMENT, AMD, AGAINST)

    assert given(*events).recommendations[REC].current.text == TEXT
    assert given(*events).amendments[AMD].status is AmendmentStatus.REJECTED


def test_given_voting_started_when_the_author_withdraws_then_refused() -> None:
    events = _tabled(_drafted())
    motion = Motion(kind=MotionKind.AMENDMENT, subject=AMD, text="amendment 1")
    events.append(
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=B1,
                session_id=PLENARY,
                motion=motion,
                at=AT,
                by=CLERK,
            ),
        )
    )

    with pytest.raises(AmendmentRefused, match="voting on it has started"):
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


def test_given_a_tabled_amendment_when_someone_else_withdraws_it_then_refused() -> None:
    with pytest.raises(AmendmentRefused, match="is ele-001's"):
        withdraw(
            given(*_tabled(_drafted())),
            WithdrawAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                member="ele-002",
                at=AT,
                by="member:ele-002",
            ),
        )


def test_given_someone_not_seated_when_tabling_then_refused() -> None:
    with pytest.raises(NotSeated, match="ele-070 cannot table"):
        table(
            given(*_drafted()),
            TableAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=AMD,
                recommendation_id=REC,
                member="ele-070",
                text=AMENDED,
                at=AT,
                by="member:ele-070",
            ),
        )


def test_given_an_adopted_recommendation_when_amended_then_refused() -> None:
    events = _decide(_drafted(), B1, MotionKind.RECOMMENDATION, REC, FOR)

    assert given(*events).recommendations[REC].status is RecommendationStatus.ADOPTED
    with pytest.raises(AmendmentRefused, match="can no longer be amended"):
        _tabled(events)


def test_given_a_pending_amendment_when_the_recommendation_is_put_to_the_vote_then_refused() -> (
    None
):
    events = _tabled(_drafted())
    motion = Motion(kind=MotionKind.RECOMMENDATION, subject=REC, text="adopt")

    with pytest.raises(BallotRefused, match="not yet decided"):
        open_ballot(
            given(*events),
            OpenBallot(
                assembly_id=ASSEMBLY_ID,
                ballot_id=B2,
                session_id=PLENARY,
                motion=motion,
                at=AT,
                by=CLERK,
            ),
        )


def test_given_the_discovery_phase_when_drafting_then_refused() -> None:
    events = seated_history(seated=3)

    with pytest.raises(RecommendationRefused, match="the phase is discovery"):
        draft(
            given(*events),
            DraftRecommendation(
                assembly_id=ASSEMBLY_ID,
                recommendation_id=REC,
                group="environment",
                title="t",
                text="x",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_two_amendments_when_one_is_adopted_then_the_other_lapses() -> None:
    events = _tabled(_drafted())
    other = UUID(int=7)
    events.append(
        table(
            given(*events),
            TableAmendment(
                assembly_id=ASSEMBLY_ID,
                amendment_id=other,
                recommendation_id=REC,
                member="ele-002",
                text="Plant 500 trees.",
                at=AT,
                by="member:ele-002",
            ),
        )
    )

    events = _decide(events, B1, MotionKind.AMENDMENT, AMD, FOR)

    assert given(*events).amendments[other].status is AmendmentStatus.LAPSED
    assert [e.originator_version for e in events[-4:]] == list(
        range(events[-4].originator_version, events[-4].originator_version + 4)
    )
