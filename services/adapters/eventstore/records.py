"""How a stored event sits in a NATS message: payload = event state, headers = the rest."""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent

from core.integrity import GENESIS, record_digest

H_ID = "Assembly-Id"
H_VERSION = "Assembly-Version"
H_TOPIC = "Assembly-Topic"
H_PREV = "Assembly-Prev"
H_EXPECTED = "Nats-Expected-Last-Subject-Sequence"
H_MSG_ID = "Nats-Msg-Id"


def originator(value: str) -> UUID | str:
    """The id as the application gave it: a UUID when it is one, else the string."""
    try:
        parsed = UUID(value)
    except ValueError:
        return value
    return parsed if str(parsed) == value else value


def message_id(originator_id: str, version: int) -> str:
    """Deterministic, so a retried save is recognised as the same event."""
    return f"{originator_id}:{version}"


def stored_event(headers: dict[str, str], data: bytes) -> StoredEvent:
    return StoredEvent(
        originator_id=originator(headers[H_ID]),
        originator_version=int(headers[H_VERSION]),
        topic=headers[H_TOPIC],
        state=data,
    )


def notification(seq: int, headers: dict[str, str], data: bytes) -> Notification:
    return Notification(
        id=seq,
        originator_id=originator(headers[H_ID]),
        originator_version=int(headers[H_VERSION]),
        topic=headers[H_TOPIC],
        state=data,
    )


def digest_of(headers: dict[str, str], data: bytes) -> bytes:
    """The chain digest of a stored message, recomputed from what it carries."""
    prev = bytes.fromhex(headers.get(H_PREV, GENESIS.hex()))
    return record_digest(headers[H_ID], int(headers[H_VERSION]), headers[H_TOPIC], prev, data)


class Head(NamedTuple):
    """What we know of a subject's last message: its sequence, position and digest."""

    seq: int
    position: int
    digest: bytes


class Positions:
    """Where each version of an aggregate sits in the stream, as far as this process has seen.

    Lets a cached aggregate fast-forward by reading only the events after its version.
    """

    def __init__(self, max_aggregates: int = 1000) -> None:
        self._seqs: OrderedDict[str, dict[int, int]] = OrderedDict()
        self._max = max_aggregates

    def record(self, key: str, pairs: list[tuple[int, int]]) -> None:
        seqs = self._seqs.get(key)
        if seqs is None:
            seqs = self._seqs[key] = {}
            if len(self._seqs) > self._max:
                self._seqs.popitem(last=False)
        self._seqs.move_to_end(key)
        seqs.update(pairs)

    def seq_of(self, key: str, version: int) -> int | None:
        seqs = self._seqs.get(key)
        return None if seqs is None else seqs.get(version)


class Heads:
    """A bounded cache of subject heads; it only saves round trips, never decides alone.

    The server's expected-last-subject-sequence check is what guarantees a save
    links to the true last event; a stale head just costs one retry.
    """

    def __init__(self, maxsize: int = 100_000) -> None:
        self._heads: OrderedDict[str, Head] = OrderedDict()
        self._maxsize = maxsize

    def get(self, key: str) -> Head | None:
        head = self._heads.get(key)
        if head is not None:
            self._heads.move_to_end(key)
        return head

    def put(self, key: str, head: Head | None) -> None:
        if head is None:
            self._heads.pop(key, None)
            return
        current = self._heads.get(key)
        if current is not None and current.seq > head.seq:
            return  # never move a head backwards
        self._heads[key] = head
        self._heads.move_to_end(key)
        if len(self._heads) > self._maxsize:
            self._heads.popitem(last=False)
