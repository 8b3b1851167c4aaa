"""A signed checkpoint of the log: its signed text, its event, and the file kept outside.

A checkpoint says: the first ``tree_size`` messages of stream ``origin`` have the RFC 9162
root ``root`` (leaves: ``services.application.audit.leaf``), signed at ``at`` by the log key
``key_id``.
The signed bytes are the text (UTF-8, each line ending in a newline, as C2SP tlog-checkpoint
with one extension line)::

    assembly-record/<stream>
    <tree size, decimal>
    <root, base64>
    time <at, RFC 3339 UTC>

signature = Ed25519(log key, those bytes), base64 in the checkpoint. A checkpoint is recorded
as an event on ``<prefix>.checkpoints`` (the application's readers follow ``<prefix>.events.>``
and never see it) with the usual headers and its own hash chain (``Assembly-Id:
log-checkpoints``), and appended to the outside file as one JSON line.
"""

from __future__ import annotations

import base64
import binascii
import os
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from services.application.audit.errors import AuditInputError
from services.application.audit.keys import LogKey, key_id, verify

CHECKPOINTS_ID = "log-checkpoints"
TOPIC = "assembly.log_checkpointed.v1"
ORIGIN_PREFIX = "assembly-record/"


class CheckpointFileError(AuditInputError):
    """An outside checkpoint file that cannot be read; the message names the line."""


class Checkpoint(msgspec.Struct, frozen=True, kw_only=True):
    origin: str
    tree_size: int
    root: str  # hex
    at: str  # RFC 3339, UTC, seconds
    key_id: str
    public_key: str  # base64 of the raw 32-byte Ed25519 key
    signature: str  # base64

    def note(self) -> bytes:
        return signed_note(self.origin, self.tree_size, bytes.fromhex(self.root), self.at)

    def signature_problem(self) -> str:
        """Why the signature does not hold ("" when it does)."""
        try:
            public = base64.b64decode(self.public_key, validate=True)
            signature = base64.b64decode(self.signature, validate=True)
            note = self.note()
        except (binascii.Error, ValueError) as e:
            return f"unreadable ({e})"
        if key_id(public) != self.key_id:
            return f"key id {self.key_id} is not the id of its public key ({key_id(public)})"
        if not verify(public, signature, note):
            return f"not a valid Ed25519 signature by key {self.key_id}"
        return ""


_encoder = msgspec.json.Encoder(order="sorted")
_decode = msgspec.json.Decoder(Checkpoint).decode


def origin_of(stream: str) -> str:
    return ORIGIN_PREFIX + stream


def signed_note(origin: str, tree_size: int, root: bytes, at: str) -> bytes:
    return f"{origin}\n{tree_size}\n{base64.b64encode(root).decode()}\ntime {at}\n".encode()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(key: LogKey, stream: str, tree_size: int, root: bytes, at: str) -> Checkpoint:
    origin = origin_of(stream)
    signature = key.sign(signed_note(origin, tree_size, root, at))
    return Checkpoint(
        origin=origin,
        tree_size=tree_size,
        root=root.hex(),
        at=at,
        key_id=key.id,
        public_key=key.public_b64,
        signature=base64.b64encode(signature).decode(),
    )


def encode(checkpoint: Checkpoint) -> bytes:
    """Canonical JSON (sorted keys, no whitespace): the event's payload and the file's line."""
    return _encoder.encode(checkpoint)


def decode(data: bytes) -> Checkpoint:
    return _decode(data)


def writable(path: Path) -> None:
    """Refuse, before anything is recorded, an outside file we could not append to."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as e:
        raise CheckpointFileError(
            f"cannot append checkpoints to {path}: {e.strerror}; give --out a file you may write"
        ) from None


def append_outside(path: Path, checkpoint: Checkpoint) -> None:
    """One line at the end of the outside file, on disk before we return."""
    with path.open("ab") as f:
        f.write(encode(checkpoint) + b"\n")
        f.flush()
        os.fsync(f.fileno())


def read_outside(path: Path) -> list[Checkpoint]:
    """Every checkpoint in an outside file, in file order."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as e:
        raise CheckpointFileError(f"cannot read the checkpoint file {path}: {e.strerror}") from None
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(decode(line))
        except (msgspec.DecodeError, msgspec.ValidationError) as e:
            raise CheckpointFileError(
                f"{path}, line {number}, is not a checkpoint ({e}): "
                "give the file `assembly checkpoint --out` writes"
            ) from None
    return out
