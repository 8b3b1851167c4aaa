"""Time order of the members' facts and the phases: each is dated after what it depends on
(equal times allowed), and nothing is dated after now plus the tolerance."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from core.assembly.charter import Phase
from core.assembly.convening.commands import ConveneNextCohort, OpenPhase
from core.assembly.convening.rules import next_cohort, open_phase
from core.assembly.followup.facts import ImplementationReported
from core.assembly.followup.model import Stage
from core.assembly.membership.commands import (
    AcceptInvitation,
    CallReserve,
    ChooseWorkingGroup,
    DeclineInvitation,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
from core.assembly.membership.rules import (
    accept,
    call_reserve,
    choose_group,
    decline,
    remove,
    seat,
    withdraw,
)
from core.time_order import FUTURE_TOLERANCE, FutureDated, OutOfTimeOrder, not_future
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, CONVENED_AT, given, history


def t(hours: float):
    """A time some hours after the panel arrived."""
    return AT + timedelta(hours=hours)


def refused(match: str):
    return pytest.raises(OutOfTimeOrder, match=match)


def test_given_the_panel_arrived_when_an_acceptance_is_dated_before_then_one_sentence_names_both():
    assembly = given(*history())

    with pytest.raises(OutOfTimeOrder) as refusal:
        accept(
            assembly,
            AcceptInvitation(
                assembly_id=assembly.id, member="ele-007", at=t(-1), by="member:ele-007"
            ),
        )

    assert refusal.value.rule == "time-order"
    assert refusal.value.message == (
        "ele-007 cannot accept at 2026-02-01T17:00:00Z: the panel arrived at "
        "2026-02-01T18:00:00Z; an answer comes after the invitation"
    )


def test_given_the_panel_arrived_when_a_decline_is_dated_before_then_refused():
    with refused("ele-007 cannot decline .*: the panel arrived at"):
        decline(
            given(*history()),
            DeclineInvitation(
                assembly_id=ASSEMBLY_ID,
                member="ele-007",
                reason="no time",
                at=t(-1),
                by="member:ele-007",
            ),
        )


def test_given_a_reserve_called_when_their_acceptance_is_dated_before_the_call_then_refused():
    events = history(
        lambda a: decline(
            a,
            DeclineInvitation(
                assembly_id=a.id, member="non-003", reason="moving", at=AT, by="member:non-003"
            ),
        ),
        lambda a: call_reserve(
            a, CallReserve(assembly_id=a.id, vacated="non-003", at=t(2), by=CLERK)
        ),
    )

    with refused("non-r00 cannot accept .*: they were called as a reserve for non-003 at"):
        accept(
            given(*events),
            AcceptInvitation(
                assembly_id=ASSEMBLY_ID, member="non-r00", at=t(1), by="member:non-r00"
            ),
        )


def test_given_an_acceptance_when_the_seat_is_dated_before_it_then_refused():
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=t(2), by="member:ele-001")
        )
    )

    with refused("ele-001 cannot be seated at .*: they accepted at 2026-02-01T20:00:00Z"):
        seat(
            given(*events), SeatMember(assembly_id=ASSEMBLY_ID, member="ele-001", at=t(1), by=CLERK)
        )


def test_given_a_seat_when_the_withdrawal_is_dated_before_it_then_refused():
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="member:ele-001")
        ),
        lambda a: seat(a, SeatMember(assembly_id=a.id, member="ele-001", at=t(2), by=CLERK)),
    )

    with refused("ele-001 cannot withdraw at .*: they were seated at"):
        withdraw(
            given(*events),
            WithdrawMember(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                reason="new job",
                at=t(1),
                by="member:ele-001",
            ),
        )


def test_given_an_acceptance_when_the_removal_is_dated_before_it_then_refused():
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=t(2), by="member:ele-001")
        )
    )

    with refused("ele-001 cannot be removed at .*: they accepted at"):
        remove(
            given(*events),
            RemoveMember(
                assembly_id=ASSEMBLY_ID, member="ele-001", reason="never came", at=t(1), by=CLERK
            ),
        )


def test_given_a_decline_when_the_reserve_is_called_before_it_then_refused():
    events = history(
        lambda a: decline(
            a,
            DeclineInvitation(
                assembly_id=a.id, member="non-003", reason="moving", at=t(2), by="member:non-003"
            ),
        )
    )

    with refused("no reserve can be called for non-003 at .*: non-003 declined at"):
        call_reserve(
            given(*events),
            CallReserve(assembly_id=ASSEMBLY_ID, vacated="non-003", at=t(1), by=CLERK),
        )


def test_given_a_seat_when_the_working_group_is_chosen_before_it_then_refused():
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="member:ele-001")
        ),
        lambda a: seat(a, SeatMember(assembly_id=a.id, member="ele-001", at=t(2), by=CLERK)),
    )

    with refused("ele-001 cannot join a working group at .*: they were seated at"):
        choose_group(
            given(*events),
            ChooseWorkingGroup(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                group="environment",
                at=t(1),
                by="member:ele-001",
            ),
        )


def test_given_a_phase_open_when_the_next_is_dated_before_it_then_refused():
    events = history(
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.DISCOVERY, at=t(2), by=CLERK)
        )
    )

    with refused("the recommendations phase cannot open at .*: the discovery phase opened at"):
        open_phase(
            given(*events),
            OpenPhase(assembly_id=ASSEMBLY_ID, phase=Phase.RECOMMENDATIONS, at=t(1), by=CLERK),
        )


def test_given_a_convened_assembly_when_an_act_is_dated_before_the_convening_then_refused():
    before = CONVENED_AT - timedelta(days=1)

    with refused("cannot act at 2026-01-09T18:00:00Z: it was convened at 2026-01-10T18:00:00Z"):
        open_phase(
            given(*history()),
            OpenPhase(assembly_id=ASSEMBLY_ID, phase=Phase.DISCOVERY, at=before, by=CLERK),
        )


def test_given_equal_times_when_acts_follow_each_other_at_the_same_instant_then_recorded():
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="member:ele-001")
        )
    )

    seated = seat(
        given(*events), SeatMember(assembly_id=ASSEMBLY_ID, member="ele-001", at=AT, by=CLERK)
    )

    assert seated.at == AT


def _reported(at):
    return ImplementationReported(
        originator_id=ASSEMBLY_ID,
        originator_version=9,
        at=at,
        by=CLERK,
        recommendation=ASSEMBLY_ID,
        stage=Stage.PLANNED,
        summary="",
    )


def test_given_now_when_a_fact_is_dated_past_the_tolerance_then_refused_naming_both_times():
    now = AT

    with pytest.raises(FutureDated) as refusal:
        not_future([_reported(now + FUTURE_TOLERANCE + timedelta(seconds=1))], now)

    assert refusal.value.rule == "future-dated"
    assert "dated 2026-02-01T18:05:01Z, later than now (2026-02-01T18:00:00Z)" in str(refusal.value)


def test_given_now_when_a_fact_is_dated_within_the_tolerance_then_allowed():
    not_future([_reported(AT + FUTURE_TOLERANCE)], AT)


def test_given_a_time_at_the_edge_of_the_calendar_when_refused_then_still_one_sentence():
    edge = datetime.fromisoformat("0001-01-01T00:00:00+14:00")

    with refused("cannot act at 0001-01-01T00:00:00\\+14:00: it was convened at"):
        open_phase(
            given(*history()),
            OpenPhase(assembly_id=ASSEMBLY_ID, phase=Phase.DISCOVERY, at=edge, by=CLERK),
        )


def test_given_a_cohort_when_the_next_is_convened_before_it_then_refused():
    before = CONVENED_AT - timedelta(days=1)

    with refused("cohort 2027 cannot be convened at .*: cohort 2026, whose charter it carries"):
        next_cohort(
            given(*history()),
            ConveneNextCohort(
                previous=ASSEMBLY_ID,
                cohort=2027,
                term_start=date(2027, 1, 15),
                term_end=date(2028, 1, 14),
                at=before,
                by=CLERK,
            ),
            new_id=UUID(int=2027),
        )
