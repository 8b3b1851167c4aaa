"""One event as a subscriber receives it: the typed fact and where it sits in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import msgspec
from eventsourcing.persistence import DataError

from core.events import Event
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION, originator
from services.adapters.eventstore.sources import Delivered
from services.adapters.eventstore.upcasting import UnknownEventType, Upcasters


class CorruptEvent(DataError):
    """A stored payload that does not decode or contradicts its headers: never handled,
    always reported (the CLI exits 2 with it)."""


@dataclass(frozen=True)
class Received:
    position: int  # the stream sequence: gap-free, in log order
    aggregate_id: UUID | str
    version: int  # the event's number within its aggregate, from 1
    wire: str  # the type as stored, e.g. assembly.member_seated.v1
    recorded_at: datetime  # when JetStream stored it (the act's own time is event.at)
    deliveries: int  # 1, or more when JetStream delivers it again
    event: Event


def receive(msg: Delivered, upcasters: Upcasters) -> Received | None:
    """The event a message carries, or None when it is no event we know (skip it)."""
    headers = msg.headers
    if H_TOPIC not in headers:
        return None
    try:
        event = upcasters.decode(headers[H_TOPIC], msg.data)
    except UnknownEventType:
        return None  # a newer type than this code knows: not ours to handle
    except (msgspec.DecodeError, msgspec.ValidationError) as e:
        raise CorruptEvent(
            f"event at position {msg.position} ({headers[H_TOPIC]}) does not decode: {e}"
        ) from e
    aggregate, version = originator(headers[H_ID]), int(headers[H_VERSION])
    if (str(event.originator_id), event.originator_version) != (str(aggregate), version):
        raise CorruptEvent(
            f"event at position {msg.position} says {event.originator_id} "
            f"v{event.originator_version}, its headers {aggregate} v{version}"
        )
    return Received(
        position=msg.position,
        aggregate_id=aggregate,
        version=version,
        wire=headers[H_TOPIC],
        recorded_at=msg.stored_at,
        deliveries=msg.deliveries,
        event=event,
    )
