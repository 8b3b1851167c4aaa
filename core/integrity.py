"""Canonical record bytes and the per-aggregate hash chain.

Every stored event is a *record*: the originator id, its version, its topic,
the SHA-256 of the previous record of the same aggregate, and the event state.
The record bytes are a MessagePack array of the format number (``RECORD_FORMAT``)
and those five values, in that order (docs/spec/02-record-chain.md):
MessagePack encodes strings, integers and bytes in exactly one shortest form,
so an outside auditor can rebuild the bytes in any language and get the same
digest. The first record of an aggregate links to ``GENESIS`` (32 zero bytes).
"""

from __future__ import annotations

import hashlib

import msgspec

GENESIS = bytes(32)
RECORD_FORMAT = 1

_encode = msgspec.msgpack.Encoder().encode


def record_bytes(originator_id: str, version: int, topic: str, prev: bytes, state: bytes) -> bytes:
    """The canonical bytes an event is hashed and (later) Merkle-leafed by."""
    if len(prev) != 32:
        raise ValueError(f"previous hash must be 32 bytes, got {len(prev)}")
    return _encode((RECORD_FORMAT, originator_id, version, topic, prev, state))


def record_digest(originator_id: str, version: int, topic: str, prev: bytes, state: bytes) -> bytes:
    """SHA-256 of the record: what the next event of the same aggregate links to."""
    return hashlib.sha256(record_bytes(originator_id, version, topic, prev, state)).digest()
