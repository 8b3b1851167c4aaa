"""The Merkle leaf of a stored message: what a checkpoint's root commits to.

Leaf bytes = the MessagePack array ``[seq, subject, headers, data]`` where

- ``seq`` is the stream sequence (an unsigned integer, shortest encoding);
- ``subject`` is the message's subject (a MessagePack str);
- ``headers`` is a MessagePack map of str to str, keys in ascending byte order: every header
  stored with the message (one value per name), *without* the headers JetStream adds when it
  delivers one (``DELIVERY_HEADERS``: the stream, subject, sequence, time stamp and counters
  of a direct get);
- ``data`` is the payload, byte for byte (a MessagePack bin).

MessagePack has one shortest form for each of these values, so any language rebuilds the
same bytes. The leaf hash is SHA-256(0x00 ‖ leaf bytes) (RFC 9162), and leaves are in
sequence order from 1: tree size n covers sequences 1..n. Example (Python, msgspec):
``msgspec.msgpack.Encoder(order="sorted").encode([3, "assembly.events.<id>", {"Assembly-Id":
"<id>", ...}, data])``.
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

_encode = msgspec.msgpack.Encoder(order="sorted").encode  # maps: keys sorted
_sha256 = hashlib.sha256


def stored_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers stored with the message (a direct get's additions dropped)."""
    if "Nats-Stream" in headers or "Nats-Sequence" in headers:
        return {k: v for k, v in headers.items() if k not in DELIVERY_HEADERS}
    return headers


def leaf_bytes(seq: int, subject: str, headers: dict[str, str], data: bytes) -> bytes:
    return _encode((seq, subject, stored_headers(headers), data))


def leaf_hash(seq: int, subject: str, headers: dict[str, str], data: bytes) -> bytes:
    """SHA-256(0x00 ‖ leaf bytes), as ``core.merkle.leaf_hash`` of the leaf bytes."""
    return _sha256(b"\x00" + _encode((seq, subject, stored_headers(headers), data))).digest()
