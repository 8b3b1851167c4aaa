"""The Merkle leaf of a stored message: what a checkpoint's root commits to.

Leaf bytes = the MessagePack array ``[seq, subject, headers, data]`` where

- ``seq`` is the stream sequence (an unsigned integer, shortest encoding);
- ``subject`` is the message's subject (a MessagePack str);
- ``headers`` is an array of ``[name, value]`` pairs (both str): every header stored with the
  message, sorted by name then value, *without* the headers JetStream adds when it delivers
  a message (``DELIVERY_HEADERS``: the stream, subject, sequence, time stamp and counters of a
  direct get);
- ``data`` is the payload, byte for byte (a MessagePack bin).

MessagePack has one shortest form for each of these values, so any language rebuilds the
same bytes. The leaf hash is SHA-256(0x00 ‖ leaf bytes) (RFC 9162), and leaves are in
sequence order from 1: tree size n covers sequences 1..n. Example (Python, msgspec):
``msgspec.msgpack.encode([3, "assembly.events.<id>", [["Assembly-Id", "<id>"], ...], data])``.
"""

from __future__ import annotations

import hashlib

import msgspec

DELIVERY_HEADERS = frozenset(
    {
        "Nats-Stream",
        "Nats-Subject",
        "Nats-Sequence",
        "Nats-Time-Stamp",
        "Nats-Num-Pending",
        "Nats-Last-Sequence",
        "Nats-UpTo-Sequence",
    }
)

_encode = msgspec.msgpack.Encoder().encode
_sha256 = hashlib.sha256


def stored_headers(headers: dict[str, str]) -> list[tuple[str, str]]:
    """The headers stored with the message, sorted: what the leaf and the export carry."""
    return sorted(kv for kv in headers.items() if kv[0] not in DELIVERY_HEADERS)


def leaf_bytes(seq: int, subject: str, headers: dict[str, str], data: bytes) -> bytes:
    return _encode((seq, subject, stored_headers(headers), data))


def leaf_hash(seq: int, subject: str, headers: dict[str, str], data: bytes) -> bytes:
    """SHA-256(0x00 ‖ leaf bytes), as ``core.merkle.leaf_hash`` of the leaf bytes."""
    return _sha256(b"\x00" + _encode((seq, subject, stored_headers(headers), data))).digest()
