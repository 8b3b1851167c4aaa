"""The msgspec mapper: canonical bytes, and types that survive the round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from eventsourcing.domain import Aggregate, Snapshot, event
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from services.adapters.eventstore.mapper import FloatNotCanonical, MsgspecMapper
from tests.core.paris import convened


class Stratum(Enum):
    AGE_16_24 = "16-24"
    AGE_25_34 = "25-34"


class Seat(msgspec.Struct, frozen=True):
    arrondissement: int
    stratum: Stratum


class Panel(Aggregate):
    @event("Drawn")
    def __init__(
        self,
        seed: UUID,
        drawn_at: datetime,
        weight: Decimal,
        seats: tuple[Seat, ...],
        stratum: Stratum,
    ) -> None:
        self.seed = seed
        self.drawn_at = drawn_at
        self.weight = weight
        self.seats = seats
        self.stratum = stratum


class Bad(Aggregate):
    @event("Measured")
    def __init__(self, share: float) -> None:
        self.share = share


def _mapper() -> MsgspecMapper:
    return MsgspecMapper(transcoder=None)  # type: ignore[arg-type]


def _panel() -> Panel:
    seats = (Seat(arrondissement=11, stratum=Stratum.AGE_16_24),)
    when = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    return Panel(uuid4(), when, Decimal("0.0500"), seats, Stratum.AGE_25_34)


def test_given_an_event_with_rich_types_when_round_tripped_then_types_survive() -> None:
    mapper, panel = _mapper(), _panel()
    created = panel.collect_events()[0]

    copy = mapper.to_domain_event(mapper.to_stored_event(created))

    assert vars(copy) == vars(created)
    assert isinstance(copy.seed, UUID)  # type: ignore[attr-defined]
    assert isinstance(copy.weight, Decimal)  # type: ignore[attr-defined]
    assert copy.seats[0].stratum is Stratum.AGE_16_24  # type: ignore[attr-defined]
    assert copy.drawn_at.tzinfo is not None  # type: ignore[attr-defined]


def test_given_the_same_event_when_encoded_twice_then_bytes_are_identical_and_sorted() -> None:
    mapper, panel = _mapper(), _panel()
    created = panel.collect_events()[0]

    first = mapper.to_stored_event(created).state
    second = mapper.to_stored_event(created).state

    assert first == second
    keys = list(msgspec.json.decode(first))
    assert keys == sorted(keys)
    assert b" " not in first.replace(b"16-24", b"").replace(b"25-34", b"")


def test_given_a_float_field_when_stored_then_refused_naming_the_field() -> None:
    with pytest.raises(FloatNotCanonical, match="share"):
        _mapper().to_stored_event(Bad(share=0.5).collect_events()[0])


def test_given_a_snapshot_when_round_tripped_then_aggregate_state_types_survive() -> None:
    mapper, panel = _mapper(), _panel()
    snapshot = Snapshot.take(panel)

    copy = mapper.to_domain_event(mapper.to_stored_event(snapshot))
    restored = copy.mutate(None)  # type: ignore[attr-defined]

    assert restored.id == panel.id
    assert restored.seed == panel.seed
    assert restored.weight == panel.weight
    assert restored.created_on == panel.created_on


class Motion(Aggregate):
    class Tabled(Aggregate.Created):
        class_version = 2
        text: str
        by: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:  # type: ignore[type-arg]
            state["by"] = "unknown"

    @event(Tabled)
    def __init__(self, text: str, by: str) -> None:
        self.text = text
        self.by = by


def test_given_an_older_class_version_when_decoded_then_upcast() -> None:
    mapper = _mapper()
    stored = mapper.to_stored_event(Motion(text="t", by="clerk").collect_events()[0])
    legacy = msgspec.json.decode(stored.state)
    del legacy["by"], legacy["class_version"]
    old = type(stored)(
        stored.originator_id, stored.originator_version, stored.topic, msgspec.json.encode(legacy)
    )

    assert mapper.to_domain_event(old).by == "unknown"  # type: ignore[attr-defined]


def test_given_an_assembly_event_when_round_tripped_then_stored_whole_under_its_wire_name() -> None:
    mapper, event = _mapper(), convened()

    stored = mapper.to_stored_event(event)
    copy = mapper.to_domain_event(stored)

    assert stored.topic == "assembly.assembly_convened.v2"
    assert copy == event
    assert msgspec.json.decode(stored.state)["originator_version"] == 1


def test_given_a_payload_naming_another_record_when_decoded_then_refused() -> None:
    mapper = _mapper()
    stored = mapper.to_stored_event(convened())
    moved = StoredEvent(uuid4(), stored.originator_version, stored.topic, stored.state)

    with pytest.raises(MapperDeserialisationError, match="the log says"):
        mapper.to_domain_event(moved)


class Measure(msgspec.Struct, frozen=True):
    share: float


class Nested(Aggregate):
    @event("Measured")
    def __init__(self, measure: Measure) -> None:
        self.measure = measure


class Loose(Aggregate):
    @event("Noted")
    def __init__(self, notes: dict[str, Any]) -> None:
        self.notes = notes


def test_given_a_float_inside_a_nested_struct_when_stored_then_refused() -> None:
    with pytest.raises(FloatNotCanonical, match="measure is a float"):
        _mapper().to_stored_event(Nested(Measure(share=0.5)).collect_events()[0])


def test_given_a_float_under_any_when_stored_then_refused() -> None:
    with pytest.raises(FloatNotCanonical, match=r"a float \(2\.5\)"):
        _mapper().to_stored_event(Loose({"w": 2.5}).collect_events()[0])
