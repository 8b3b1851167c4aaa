"""The checkpointer: the tree over the whole stream, signed, recorded and written outside.

It keeps the tree in memory, so each new checkpoint reads only the messages stored since the
last one (``--every``); a one-off run reads the stream once (a Paris year, ~11,000 messages, in
well under a second; a million in about half a minute: ``bench/audit.py``). Before signing, it
checks that the stream has no hole and that the latest recorded checkpoint still matches the
log: it never signs over a log that has been altered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from core.integrity import GENESIS
from core.merkle import MerkleLog
from core.note import NoteError
from services.adapters.embedded import resolve_nats_url
from services.adapters.eventstore.client import (
    CONFLICT_CODES,
    JetStreamError,
    Outgoing,
    StreamClient,
)
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.errors import PublishRefused
from services.adapters.eventstore.records import (
    H_EXPECTED,
    H_ID,
    H_MSG_ID,
    H_PREV,
    H_TOPIC,
    H_VERSION,
    digest_of,
    message_id,
)
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.checkpoints import (
    CHECKPOINTS_ID,
    H_LOG_KEY,
    TOPIC,
    SignedCheckpoint,
    append_outside,
    decode_event,
    origin_of,
    sign,
    writable,
)
from services.application.audit.keys import LogKey
from services.application.audit.leaf import leaf_hash
from services.application.witness.client import WitnessClient, WitnessFailed
from services.config import Settings

READ_BATCH = 10_000
Names = tuple[str, ...]


class LogAltered(PublishRefused):
    """The stream is not what an earlier checkpoint signed, or has a hole: nothing is signed."""


@dataclass(frozen=True)
class Recorded:
    checkpoint: SignedCheckpoint  # with the witnesses' cosignatures
    position: int  # the checkpoint event's stream sequence
    cosigned: tuple[str, ...] = ()  # the witnesses that cosigned it (their names)
    refused: tuple[str, ...] = ()  # why the others did not (down, or refused)


class Checkpointer:
    def __init__(
        self,
        js: StreamClient,
        key: LogKey,
        out: Path | None = None,
        witnesses: Sequence[WitnessClient] = (),
    ) -> None:
        self.js = js
        self.key = key
        self.out = out
        self.witnesses = list(witnesses)
        self.tree = MerkleLog()
        if out is not None:
            writable(out)  # before anything is signed or recorded

    def catch_up(self) -> int:
        """Read what was stored since the last call into the tree; its size."""
        for m in self.js.read(self.tree.size + 1, None, READ_BATCH):
            if m.seq != self.tree.size + 1:
                raise LogAltered(
                    f"stream {self.js.spec.name} has no message {self.tree.size + 1} (the next "
                    f"is {m.seq}): it was deleted; nothing is signed. Run the audit"
                )
            self.tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
        return self.tree.size

    def checkpoint(self) -> Recorded | None:
        """Sign and record a checkpoint of the whole stream; None when nothing is new."""
        head = self.js.last_on_subject(self.js.spec.checkpoints)
        size = self.catch_up()  # after the head: the tree covers the last checkpoint
        try:
            previous = (
                None
                if head is None
                else decode_event(head.headers.get(H_TOPIC, ""), head.data, f"#{head.seq}")
            )
        except (msgspec.DecodeError, msgspec.ValidationError, NoteError) as e:
            raise LogAltered(
                f"message #{head and head.seq} on {self.js.spec.checkpoints} is not a "
                f"checkpoint ({e}): nothing is signed. Run the audit"
            ) from None
        if previous is not None and head is not None:
            if previous.tree_size > size:
                raise LogAltered(
                    f"stream {self.js.spec.name} holds {size} messages, fewer than the "
                    f"{previous.tree_size} checkpoint #{head.seq} signed: nothing is signed. "
                    "Run the audit"
                )
            if self.tree.root(previous.tree_size) != previous.root_hash:
                raise LogAltered(
                    f"the first {previous.tree_size} messages of stream {self.js.spec.name} "
                    f"are not those checkpoint #{head.seq} signed: nothing is signed. Run the audit"
                )
            if (
                head.seq == size
                and previous.tree_size == size - 1
                and self._witnessed_by_all(previous)
            ):
                return None  # only our own last checkpoint since then, cosigned as configured
        c = sign(self.key, self.js.spec.name, size, self.tree.root())
        c, cosigned, refused = self._cosign(c)
        version = 1 if head is None else int(head.headers[H_VERSION]) + 1
        prev = GENESIS if head is None else digest_of(head.headers, head.data)
        headers = {
            H_ID: CHECKPOINTS_ID,
            H_VERSION: str(version),
            H_TOPIC: TOPIC,
            H_PREV: prev.hex(),
            H_MSG_ID: message_id(CHECKPOINTS_ID, version),
            H_EXPECTED: str(0 if head is None else head.seq),
            H_LOG_KEY: self.key.vkey(origin_of(self.js.spec.name)),
        }
        try:
            ack = self.js.publish(Outgoing(self.js.spec.checkpoints, c.note.encode(), headers))
        except JetStreamError as e:
            if e.err_code in CONFLICT_CODES:
                raise PublishRefused(
                    "another checkpointer recorded a checkpoint first: run one checkpointer "
                    "per stream (this one signed nothing new)"
                ) from e
            raise PublishRefused(f"JetStream refused the checkpoint: {e.description}") from e
        if self.out is not None:
            append_outside(self.out, c)
        return Recorded(c, ack.seq, cosigned, refused)

    def _witnessed_by_all(self, c: SignedCheckpoint) -> bool:
        """Every configured witness's key ID among its cosignatures: a witness added since,
        or one that was down, gets the next checkpoint even when the log did not grow."""
        held = {(s.name, s.key_id) for s in c.cosignatures}
        return all(
            (w.config.verifier.name, w.config.verifier.key_id) in held for w in self.witnesses
        )

    def _cosign(
        self, c: SignedCheckpoint
    ) -> tuple[SignedCheckpoint, tuple[str, ...], tuple[str, ...]]:
        """Each witness asked in turn, with a consistency proof from the size it holds; the
        checkpoint with every cosignature that came back (the log's own signature first).
        A witness down or refusing does not stop the checkpoint: auditors judge the quorum."""
        size, tree = c.tree_size, self.tree
        lines, cosigned, refused = [], [], []
        for w in self.witnesses:
            try:
                lines += w.cosign(c.note, size, lambda old: tree.consistency_proof(old, size))
                cosigned.append(w.config.verifier.name)
            except WitnessFailed as e:
                refused.append(str(e))
        return (c.with_cosignatures(lines) if lines else c), tuple(cosigned), tuple(refused)


def open_stream(
    settings: Settings, announce: Callable[[str], None]
) -> tuple[JetStreamConnection, StreamClient]:
    """The writer's connection to the stream, which must take checkpoints."""
    url = resolve_nats_url(settings, announce)
    spec = StreamSpec(settings.stream, settings.subject_prefix, settings.replicas)
    conn = JetStreamConnection(
        url, spec, auth=settings.nats_auth, patience=settings.nats_retry_seconds
    )
    try:
        js = conn.stream(spec, create=True)
        info = conn.stream_info(spec)
        if info is None or spec.checkpoints not in info.settings.subjects:
            raise PublishRefused(
                f"stream {spec.name!r} does not take checkpoints: its subjects do not include "
                f"{spec.checkpoints} (ops: add that subject to the stream)"
            )
    except BaseException:
        conn.close()
        raise
    return conn, js
