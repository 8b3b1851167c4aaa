"""A payload stored under a retired wire name is read as today's class, through its upcasters.

The synthetic classes here are defined outside ``core`` so they are not part of the published
contract; ``assembly.reserve_called.v1`` is the project's own retired name.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from eventsourcing.persistence import JSONTranscoder, StoredEvent

from core.assembly.convening.facts import AssemblyConvened
from core.assembly.membership.facts import MemberSeated, ReserveCalled
from core.draw.events import TicketsCommitted
from core.events import Event
from core.sortition import lottery
from core.vocabulary import PARIS_V1
from services.adapters.eventstore import mapper as mapper_module
from services.adapters.eventstore.upcasting import UPCASTERS, UnknownEventType, Upcasters

OLD = {
    "at": "2026-02-07T09:00:00Z",
    "by": "clerk:greffe",
    "originator_id": "0b9d2f4e-5a4c-4f0e-9b7a-3c1d2e4f5a6b",
    "originator_version": 4,
    "member": "ele-007",
}


class SeatTaken(Event, frozen=True, kw_only=True):
    """Today's shape, test_contract.seat_taken.v3 (kept out of the core's catalogue)."""

    member: str
    subpool: str
    seat: int


def _upcasters() -> Upcasters:
    upcasters = Upcasters({"test_contract.seat_taken.v3": SeatTaken}.get)

    @upcasters.register("test_contract.seat_taken.v1", "test_contract.seat_taken.v2")
    def _subpool_recorded(old: dict[str, Any]) -> dict[str, Any]:
        return {**old, "subpool": "electoral-rolls"}

    @upcasters.register("test_contract.seat_taken.v2", "test_contract.seat_taken.v3")
    def _seat_numbered(old: dict[str, Any]) -> dict[str, Any]:
        return {**old, "seat": 0}

    return upcasters


def test_given_a_v1_payload_when_read_then_it_is_upcast_through_v2_to_the_current_class() -> None:
    event = _upcasters().decode("test_contract.seat_taken.v1", msgspec.json.encode(OLD))

    assert isinstance(event, SeatTaken)
    assert (event.member, event.subpool, event.seat) == ("ele-007", "electoral-rolls", 0)
    assert event.originator_version == 4


def test_given_a_current_payload_when_read_then_no_upcaster_runs() -> None:
    current = {**OLD, "subpool": "minors", "seat": 12}

    event = _upcasters().decode("test_contract.seat_taken.v3", msgspec.json.encode(current))

    assert (event.subpool, event.seat) == ("minors", 12)  # type: ignore[attr-defined]


def test_given_a_wire_name_nobody_knows_when_read_then_refused_naming_it() -> None:
    with pytest.raises(UnknownEventType, match=r"test_contract\.seat_taken\.v0"):
        _upcasters().decode("test_contract.seat_taken.v0", msgspec.json.encode(OLD))


def test_given_an_upcaster_when_registered_twice_for_one_name_then_refused() -> None:
    upcasters = _upcasters()

    with pytest.raises(ValueError, match="already has an upcaster"):
        upcasters.register("test_contract.seat_taken.v1", "test_contract.seat_taken.v9")(dict)


def test_given_a_fact_stored_under_a_retired_name_when_the_store_reads_it_then_it_is_upcast(
    monkeypatch,
) -> None:
    upcasters = Upcasters()

    @upcasters.register("assembly.member_sat.v0", MemberSeated.wire)
    def renamed(old: dict) -> dict:
        return {**old, "member": old.pop("who")}

    monkeypatch.setattr(mapper_module, "UPCASTERS", upcasters)
    old = (
        b'{"at":"2026-02-01T17:00:00Z","by":"clerk:greffe","originator_id":'
        b'"00000000-0000-4000-8000-000000002026","originator_version":7,"who":"ele-001"}'
    )
    stored = StoredEvent("00000000-0000-4000-8000-000000002026", 7, "assembly.member_sat.v0", old)

    event = mapper_module.MsgspecMapper(transcoder=JSONTranscoder()).to_domain_event(stored)

    assert isinstance(event, MemberSeated)
    assert (event.member, event.originator_version) == ("ele-001", 7)


def test_given_a_v1_reserve_call_when_read_then_it_says_nothing_of_the_quotas() -> None:
    v1 = {**OLD, "reserve": "ele-r00", "replaces": "ele-007", "rule": "same-subpool-most-criteria"}
    del v1["member"]

    event = UPCASTERS.decode("assembly.reserve_called.v1", msgspec.json.encode(v1))

    assert isinstance(event, ReserveCalled)
    assert (event.reserve, event.replaces, event.rule.value) == (
        "ele-r00",
        "ele-007",
        "same-subpool-most-criteria",
    )
    assert (event.keeps_quotas, event.breach, event.breached) == (None, 0, ())
    assert UPCASTERS.current("assembly.reserve_called.v1") == ReserveCalled.wire


def test_given_a_v1_convening_when_read_then_its_charter_has_the_vocabulary_of_its_day() -> None:
    golden = msgspec.json.decode(
        (Path(__file__).parent / "golden" / "assembly.assembly_convened.v1.json").read_bytes()
    )

    event = UPCASTERS.decode(
        "assembly.assembly_convened.v1", msgspec.json.encode(golden["payload"])
    )

    assert isinstance(event, AssemblyConvened)
    assert event.charter.vocabulary == PARIS_V1
    assert event.charter.rules.tellers == ()
    assert event.charter.rules.quorum == Decimal("0.5")
    assert UPCASTERS.current("assembly.assembly_convened.v1") == AssemblyConvened.wire


def test_given_a_v1_ticket_list_when_read_then_it_was_rounded_by_largest_remainders() -> None:
    golden = msgspec.json.decode(
        (Path(__file__).parent / "golden" / "assembly.tickets_committed.v1.json").read_bytes()
    )

    event = UPCASTERS.decode(
        "assembly.tickets_committed.v1", msgspec.json.encode(golden["payload"])
    )

    assert isinstance(event, TicketsCommitted)
    assert event.rounding == lottery.LARGEST_REMAINDER
    assert (event.unrounded, event.deviation, event.bound) == (None, None, None)
    assert (event.minimum, event.counts) == (golden["payload"]["minimum"], (1,))
    assert UPCASTERS.current("assembly.tickets_committed.v1") == TicketsCommitted.wire
