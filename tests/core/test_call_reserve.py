"""A vacated seat goes to a reserve of the same sub-pool, by the rule fixed before the draw."""

from __future__ import annotations

import pytest

from core.assembly.charter import Phase, ReplacementRule, Rules
from core.assembly.convening.commands import OpenPhase
from core.assembly.convening.rules import open_phase
from core.assembly.membership.commands import AcceptInvitation, CallReserve, DeclineInvitation
from core.assembly.membership.members import Status
from core.assembly.membership.rules import (
    NoReserveLeft,
    ReplacementClosed,
    WrongStatus,
    accept,
    call_reserve,
    decline,
    pick_reserve,
)
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, drawn, given, history


def _decline(who):
    return lambda a: decline(
        a,
        DeclineInvitation(
            assembly_id=a.id, member=who, reason="cannot attend", at=AT, by=f"member:{who}"
        ),
    )


def _call(who):
    return lambda a: call_reserve(a, CallReserve(assembly_id=a.id, vacated=who, at=AT, by=CLERK))


def test_given_a_decline_when_a_reserve_is_called_then_the_first_of_that_sub_pool() -> None:
    events = history(_decline("non-003"))

    event = call_reserve(
        given(*events), CallReserve(assembly_id=ASSEMBLY_ID, vacated="non-003", at=AT, by=CLERK)
    )

    assert (event.reserve, event.replaces) == ("non-r00", "non-003")
    assembly = given(*events, event)
    assert assembly.members["non-r00"].status is Status.INVITED
    assert assembly.members["non-003"].replaced_by == "non-r00"


def test_given_two_vacancies_when_reserves_are_called_then_in_reserve_order() -> None:
    events = history(_decline("min-000"), _call("min-000"), _decline("min-001"), _call("min-001"))

    assert [e.reserve for e in events[-3::2]] == ["min-r00", "min-r01"]


def test_given_the_sub_pool_has_no_reserve_left_when_called_then_refused() -> None:
    events = history(
        _decline("min-000"),
        _call("min-000"),
        _decline("min-001"),
        _call("min-001"),
        _decline("min-002"),
    )

    with pytest.raises(NoReserveLeft, match="'minors'"):
        call_reserve(
            given(*events), CallReserve(assembly_id=ASSEMBLY_ID, vacated="min-002", at=AT, by=CLERK)
        )


def test_given_a_seat_still_held_when_a_reserve_is_called_then_refused() -> None:
    with pytest.raises(WrongStatus, match="not vacant"):
        call_reserve(
            given(*history()),
            CallReserve(assembly_id=ASSEMBLY_ID, vacated="ele-001", at=AT, by=CLERK),
        )


def test_given_the_same_vacancy_twice_when_called_then_refused() -> None:
    events = history(_decline("ele-001"), _call("ele-001"))

    with pytest.raises(WrongStatus, match="already replaced by ele-r00"):
        call_reserve(
            given(*events), CallReserve(assembly_id=ASSEMBLY_ID, vacated="ele-001", at=AT, by=CLERK)
        )


def test_given_the_recommendations_phase_when_a_reserve_is_called_then_refused() -> None:
    events = history(
        _decline("ele-001"),
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.DISCOVERY, at=AT, by=CLERK)
        ),
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.RECOMMENDATIONS, at=AT, by=CLERK)
        ),
    )

    with pytest.raises(ReplacementClosed):
        call_reserve(
            given(*events), CallReserve(assembly_id=ASSEMBLY_ID, vacated="ele-001", at=AT, by=CLERK)
        )


def test_given_the_most_criteria_rule_when_picking_then_the_closest_reserve_wins() -> None:
    events = history(
        lambda a: accept(
            a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="member:ele-001")
        )
    )
    assembly = given(*events)
    leaving = drawn("ele-001", "electoral-rolls", gender="m")

    picked = pick_reserve(assembly, leaving, ReplacementRule.SAME_SUBPOOL_MOST_CRITERIA)

    assert picked.pseudonym == "ele-r01"  # the first male reserve, though ranked second
    assert Rules().replacement is ReplacementRule.SAME_SUBPOOL_IN_RESERVE_ORDER
