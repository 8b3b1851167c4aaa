"""Snapshots of an assembly's state: derived data, kept beside the log, never in it.

A command reads the assembly's newest snapshot and only the facts recorded after it, so what a
command costs grows with what is new, not with the whole record. A snapshot is never a fact:
it lives in the snapshot stream (``<stream>_SNAPSHOTS``), which the audit does not read, and a
command trusts one only when it still agrees with the log:

- it was made by this code's fold (``fold_name``: the source that shapes the state);
- its state is the bytes it was made with (their SHA-256);
- the fact it was taken after is still on the log, at the position it names, with the very
  bytes it had then (their SHA-256; the log's hash chain binds every later fact to it).

Otherwise it is set aside, the reason kept (``AssemblyRecord.snapshot_refusals``), and the
state is folded from the whole log, as without snapshots: a snapshot can make a command
faster, never make it see something the log does not say.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from uuid import UUID

import msgspec

import core
from core.assembly.state import Assembly

INTERVAL = 100
"""A snapshot after a save that leaves the assembly this many versions past its last one: a
load then folds at most about this many facts."""

FOLD_VERSION = 1
"""Raise it when the state folded from the same facts changes by code outside the modules
``fold_name`` reads (a helper a fold calls): every older snapshot is then set aside, and the
next saves make new ones."""

_encode = msgspec.msgpack.Encoder().encode


SHAPING = (
    "assembly/state.py",
    "assembly/fold.py",
    "assembly/charter.py",
    "assembly/corrections.py",
    "assembly/contacts.py",
    "vocabulary.py",
)
"""The modules of core that shape the state, beside each slice's facts, model and fold (their
source is part of a snapshot's ``fold``; tests/commands/test_snapshots_on_jetstream.py fails
when a type the state holds is defined elsewhere)."""


def shaping() -> list[Path]:
    """The source files whose text names the fold."""
    root = Path(core.__file__).parent
    slices = ("facts.py", "fold.py", "model.py", "members.py")
    found = [root / name for name in SHAPING]
    return found + sorted(p for p in (root / "assembly").glob("*/*.py") if p.name in slices)


@cache
def fold_name() -> str:
    """The fold that made a snapshot: FOLD_VERSION and the source of the modules that shape
    the state (the state, the folds, the facts and models they read), so that a change to any
    of them sets every older snapshot aside without anyone having to remember to."""
    root = Path(core.__file__).parent
    digest = hashlib.sha256(str(FOLD_VERSION).encode())
    for path in shaping():
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{FOLD_VERSION}:{digest.hexdigest()[:16]}"


@cache
def _decoder() -> msgspec.msgpack.Decoder[Assembly]:
    return msgspec.msgpack.Decoder(Assembly)


@dataclass(frozen=True)
class AssemblySnapshot:
    """The state after the fact at ``originator_version`` (eventsourcing's snapshot shape:
    stored by the application's snapshot store, under the assembly's id)."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    position: int  # the log position of the fact at originator_version
    fact_sha256: str  # that fact's stored bytes
    fold: str
    state_sha256: str
    state: bytes  # the state, MessagePack, compressed

    @classmethod
    def take(cls, state: Assembly, position: int, fact: bytes) -> AssemblySnapshot:
        packed = zlib.compress(_encode(state), 1)
        return cls(
            originator_id=state.id,
            originator_version=state.version,
            timestamp=state.modified_on,
            position=position,
            fact_sha256=hashlib.sha256(fact).hexdigest(),
            fold=fold_name(),
            state_sha256=hashlib.sha256(packed).hexdigest(),
            state=packed,
        )

    def restore(self) -> Assembly:
        """The state it holds; SnapshotRefused if it was not made by this fold, or its bytes
        are not those it was made with."""
        if self.fold != fold_name():
            raise SnapshotRefused(f"made by another fold ({self.fold}, now {fold_name()})")
        if hashlib.sha256(self.state).hexdigest() != self.state_sha256:
            raise SnapshotRefused("its state is not the bytes it was made with")
        try:
            state = _decoder().decode(zlib.decompress(self.state))
        except (zlib.error, msgspec.DecodeError, msgspec.ValidationError) as e:
            raise SnapshotRefused(f"its state cannot be read: {e}") from None
        if (state.id, state.version) != (self.originator_id, self.originator_version):
            raise SnapshotRefused(
                f"it holds {state.id} v{state.version}, "
                f"not {self.originator_id} v{self.originator_version}"
            )
        return state

    def agrees_with(self, originator_id: UUID | str, version: int, fact: bytes) -> bool:
        """Whether the fact the log holds at this snapshot's position is the one it was
        taken after."""
        return (originator_id, version) == (
            self.originator_id,
            self.originator_version,
        ) and hashlib.sha256(fact).hexdigest() == self.fact_sha256


class SnapshotRefused(ValueError):
    """A snapshot that cannot be trusted: the state is folded from the log instead."""
