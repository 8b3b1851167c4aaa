"""The drawn panel arrives once, fills the seats, each sub-pool its own."""

from __future__ import annotations

import msgspec
import pytest

from core.assembly.membership.commands import ReceivePanel
from core.assembly.membership.members import Status
from core.assembly.membership.rules import InvalidPanel, receive_panel
from tests.core.paris import AT, CLERK, convened, given, panel_arrived


def _receive(assembly, arrived):
    return receive_panel(
        assembly,
        ReceivePanel(
            assembly_id=assembly.id,
            panel=arrived.panel,
            reserves=arrived.reserves,
            draw=None,
            at=AT,
            by=CLERK,
        ),
    )


def test_given_a_convened_assembly_when_the_panel_arrives_then_invited_and_reserves_ranked() -> (
    None
):
    event = _receive(given(convened()), panel_arrived())

    assembly = given(convened(), event)

    statuses = [m.status for m in assembly.members.values()]
    assert statuses.count(Status.INVITED) == 100
    assert statuses.count(Status.RESERVE) == 15
    assert assembly.members["ele-r00"].reserve_rank == 1


def test_given_the_panel_arrived_when_it_arrives_again_then_refused() -> None:
    assembly = given(convened(), panel_arrived())

    with pytest.raises(InvalidPanel, match="already arrived"):
        _receive(assembly, panel_arrived(version=3))


def test_given_a_panel_short_of_the_seats_when_it_arrives_then_refused() -> None:
    short = msgspec.structs.replace(panel_arrived(), panel=panel_arrived().panel[:99])

    with pytest.raises(InvalidPanel, match="99 people for 100 seats"):
        _receive(given(convened()), short)


def test_given_sub_pools_out_of_proportion_when_it_arrives_then_refused() -> None:
    arrived = panel_arrived()
    moved = msgspec.structs.replace(arrived.panel[0], subpool="minors")
    skewed = msgspec.structs.replace(arrived, panel=(moved, *arrived.panel[1:]))

    with pytest.raises(InvalidPanel, match="fills sub-pools"):
        _receive(given(convened()), skewed)


def test_given_a_pseudonym_twice_when_it_arrives_then_refused() -> None:
    arrived = panel_arrived()
    twice = msgspec.structs.replace(arrived, reserves=(arrived.panel[0], *arrived.reserves[1:]))

    with pytest.raises(InvalidPanel, match="more than once: ele-000"):
        _receive(given(convened()), twice)
