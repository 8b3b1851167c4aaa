"""``log publish DIR``: the log up to its latest checkpoint, as C2SP tlog-tiles, incrementally.

DIR holds, as the spec names them: ``checkpoint`` (the latest checkpoint note, with every
cosignature it has), ``tile/<L>/<N>[.p/<W>]`` (hash tiles), ``tile/entries/<N>[.p/<W>]``
(entry bundles: each entry is a log message's Merkle leaf bytes, ``services.application.
audit.leaf``; a bundle holding one over 65,535 bytes is at ``tile/entries-u32/``, see
``core.tiles``), and ``log.json`` (the stream's name, subject prefix and configuration, which
the audit needs to classify subjects; unsigned, like an export's header).

A second run reads what DIR holds for its checkpoint (the partial tiles of that size), checks
they give its root, reads the log only from there, and writes the new full tiles and the new
partial ones. Old partial tiles are left in place: the spec lets a log delete them once the
full tile exists, and leaving them keeps every size a checkpoint was served at readable. The
tiles are written first and synced, the checkpoint last (atomically): a mirror that copies
the checkpoint finds every tile it names.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.note import Checkpoint, NoteError, parse_note
from core.tiles import (
    WIDTH,
    TileError,
    TileReader,
    TileWriter,
    levels,
    partial_width,
)
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSettings, StreamSpec
from services.application.audit.errors import AuditInputError
from services.application.audit.leaf import leaf_bytes
from services.application.tiles.files import fetcher, write_atomic

CHECKPOINT = "checkpoint"
LOG_INFO = "log.json"
FORMAT = "assembly-record-tiles"


class PublishError(AuditInputError):
    """The directory cannot be published to, or the log is not what its checkpoint signed."""


@dataclass(frozen=True)
class Published:
    size: int
    previous: int  # the size DIR held before (0: none)
    files: int  # tiles and bundles written
    root: bytes


def held_checkpoint(root: Path) -> Checkpoint | None:
    """The checkpoint DIR already serves (its signatures are checked by whoever reads it)."""
    try:
        text = (root / CHECKPOINT).read_text()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise PublishError(f"cannot read {root / CHECKPOINT}: {e}") from None
    try:
        return Checkpoint.parse(parse_note(text).text)
    except NoteError as e:
        raise PublishError(f"{root / CHECKPOINT} is not a checkpoint note ({e})") from None


def _resume(root: Path, held: Checkpoint | None) -> TileWriter:
    """The writer at the size DIR holds, from its partial tiles, checked against its root."""
    if held is None or held.size == 0:
        return TileWriter()
    reader = TileReader(held.size, fetcher(str(root)))
    try:
        edges = [
            reader.tile(level, held.size >> (8 * (level + 1)))
            if partial_width(held.size, level)
            else b""
            for level in range(levels(held.size))
        ]
        entries = reader.bundle(held.size >> 8) if partial_width(held.size, 0) else []
        writer = TileWriter(held.size, edges, entries)
    except TileError as e:
        raise PublishError(
            f"{root} does not hold the tiles of its checkpoint of {held.size} ({e}): "
            "publish to an empty directory"
        ) from None
    if writer.root() != held.root_hash:
        raise PublishError(
            f"the tiles in {root} do not give the root of its checkpoint of {held.size}: "
            "publish to an empty directory"
        )
    return writer


def publish(
    root: Path,
    note: str,
    read_from: Callable[[int], Iterator[RawMessage]],
    spec: StreamSpec,
    config: StreamSettings | None,
) -> Published:
    """Publish the log up to the checkpoint ``note`` (signed, with its cosignatures) to ``root``;
    ``read_from(seq)`` yields the log's messages from sequence ``seq`` on, in order."""
    try:
        checkpoint = Checkpoint.parse(parse_note(note).text)
    except NoteError as e:
        raise PublishError(f"the latest checkpoint is not a checkpoint note ({e})") from None
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PublishError(f"cannot publish to {root}: {e.strerror}") from None
    held = held_checkpoint(root)
    if held is not None and held.size > checkpoint.size:
        raise PublishError(
            f"{root} already serves a checkpoint of {held.size}, beyond the log's latest "
            f"({checkpoint.size}): a published log never goes back"
        )
    writer = _resume(root, held)
    previous, files = writer.size, 0
    if writer.size < checkpoint.size:
        batch: list[bytes] = []
        expected = writer.size + 1
        for m in read_from(writer.size + 1):
            if m.seq != expected:
                raise PublishError(
                    f"the log has no message {expected} (the next is {m.seq}): "
                    "nothing is published. Run the audit"
                )
            batch.append(leaf_bytes(m.seq, m.subject, m.headers, m.data))
            expected += 1
            if len(batch) == WIDTH or expected > checkpoint.size:
                writer.extend(batch)
                batch = []
                for path, data in writer.take_full():
                    write_atomic(root, path, data)
                    files += 1
            if expected > checkpoint.size:
                break
        writer.extend(batch)
    for path, data in writer.take_full():
        write_atomic(root, path, data)
        files += 1
    if writer.size != checkpoint.size or writer.root() != checkpoint.root_hash:
        kept = f" after the {previous} {root} holds" if previous else ""
        raise PublishError(
            f"the log's first {checkpoint.size} messages{kept} are not those its latest "
            f"checkpoint signed (found {writer.size} with another root): nothing is published. "
            "Run the audit"
        )
    for path, data in writer.partial():
        write_atomic(root, path, data)
        files += 1
    info = {
        "format": FORMAT,
        "version": 1,
        "stream": spec.name,
        "prefix": spec.prefix,
        "origin": checkpoint.origin,
        "config": None if config is None else config.as_dict(),
    }
    write_atomic(root, LOG_INFO, json.dumps(info, sort_keys=True).encode() + b"\n")
    os.sync()  # every tile on disk before the checkpoint that needs them
    write_atomic(root, CHECKPOINT, note.encode(), sync=True)
    return Published(checkpoint.size, previous, files, checkpoint.root_hash)


NOTE_TOPIC = "assembly.log_checkpointed.v2"  # the checkpoint event whose payload is the note


def note_of(m: RawMessage) -> str:
    """The signed note a checkpoint event of the log holds."""
    if m.headers.get("Assembly-Topic") != NOTE_TOPIC:
        raise PublishError(
            f"the log's latest checkpoint (#{m.seq}) is not a signed note (an older kind): "
            "run `assembly checkpoint` once, then publish"
        )
    try:
        return m.data.decode("utf-8")
    except UnicodeDecodeError:
        raise PublishError(f"checkpoint #{m.seq} is not UTF-8: run the audit") from None
