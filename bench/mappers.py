"""The msgspec mapper against the library's default JSON mapper: round trips per second."""

from __future__ import annotations

import time
import uuid

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)

from bench.domain import new_motion
from bench.report import Result
from services.adapters.eventstore.mapper import MsgspecMapper

REPEATS = 3  # timed runs per mapper, alternating; the best of each counts


def default_mapper() -> Mapper[uuid.UUID]:
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DecimalAsStr())
    transcoder.register(DatetimeAsISO())
    return Mapper(transcoder=transcoder)


def _round_trips(mapper: Mapper[uuid.UUID], event: DomainEventProtocol[uuid.UUID], n: int) -> float:
    to_stored, to_domain = mapper.to_stored_event, mapper.to_domain_event
    t0 = time.perf_counter()
    for _ in range(n):
        to_domain(to_stored(event))
    return n / (time.perf_counter() - t0)


def mapper_round_trips(n: int) -> Result:
    # The created event: a UUID, datetimes, a Decimal, a str and a tuple of str.
    event = new_motion().collect_events()[0]
    ours: Mapper[uuid.UUID] = MsgspecMapper(transcoder=JSONTranscoder())
    default = default_mapper()
    copy = ours.to_domain_event(ours.to_stored_event(event))
    if vars(copy) != vars(event):
        raise RuntimeError(f"msgspec mapper changed the event: {vars(copy)} != {vars(event)}")
    best_ours = best_default = 0.0
    for _ in range(REPEATS):
        best_ours = max(best_ours, _round_trips(ours, event, n))
        best_default = max(best_default, _round_trips(default, event, n))
    size = len(ours.to_stored_event(event).state)
    return Result(
        "d",
        "mapper round trip: msgspec vs default",
        best_ours,
        best_default,
        None,
        n,
        {"msgspec_bytes": size, "default_bytes": len(default.to_stored_event(event).state)},
    )
