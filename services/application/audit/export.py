"""The export file: the exact stored messages, for an auditor who keeps their own copy.

JSON Lines, UTF-8, one JSON object per line:

1. the header: ``{"format": "assembly-record-log", "version": 1, "stream": NAME, "prefix":
   PREFIX, "config": {...}, "last_seq": N, "exported_at": RFC 3339}``, ``config`` being the
   stream's configuration as JetStream reports it (``StreamConfig.as_dict``: durations in ns);
2. one line per message in sequence order: ``{"seq": n, "subject": S, "headers": [[name,
   value], ...], "data": BASE64, "time": RFC 3339}`` with the headers stored with the message,
   sorted (not those JetStream adds on delivery) and the payload's exact bytes in standard
   base64; ``time`` is when JetStream stored it (no checkpoint covers it: the audit's
   ``future-dated`` check reads it, which only the live stream's own time makes binding);
3. the trailer: ``{"end": true, "records": N, "tree_size": N, "root": HEX}``, the RFC 9162
   root over the messages above (``services.application.audit.leaf``), so a cut or damaged copy
   is noticed.
   It proves nothing against whoever wrote the file: signed checkpoints do.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import msgspec

from core.merkle import MerkleLog
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSettings, StreamSpec, config_from_dict
from services.application.audit.errors import AuditInputError
from services.application.audit.leaf import leaf_hash, stored_headers


class LogSource(Protocol):
    """Where the audit reads the log: the live stream (source.LiveSource) or an export file."""

    spec: StreamSpec
    config: StreamSettings | None
    last_seq: int

    def records(self) -> Iterator[RawMessage]: ...

    def close(self) -> None: ...


FORMAT = "assembly-record-log"
VERSION = 1


class ExportFormatError(AuditInputError):
    """A file that is not an export; the message names the line and what is wrong."""


class _Line(msgspec.Struct):
    seq: int
    subject: str
    headers: list[tuple[str, str]]
    data: str
    time: str = ""


class Trailer(msgspec.Struct, frozen=True):
    end: bool
    records: int
    tree_size: int
    root: str


_line = msgspec.json.Decoder(_Line).decode
_trailer = msgspec.json.Decoder(Trailer).decode
_encode = msgspec.json.Encoder().encode


def write_export(
    path: Path, source: LogSource, progress: Callable[[int], None] | None = None
) -> Trailer:
    """Write the export atomically (a temporary file renamed at the end); its trailer."""
    tree = MerkleLog()
    head = {
        "format": FORMAT,
        "version": VERSION,
        "stream": source.spec.name,
        "prefix": source.spec.prefix,
        "config": None if source.config is None else source.config.as_dict(),
        "last_seq": source.last_seq,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    partial = path.with_name(path.name + ".partial")
    try:
        f = partial.open("wb")
    except OSError as e:
        raise ExportFormatError(
            f"cannot write the export {path}: {e.strerror}; give a file you may write"
        ) from None
    with f:
        f.write(json.dumps(head, sort_keys=True).encode() + b"\n")
        for m in source.records():
            tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
            line = {
                "seq": m.seq,
                "subject": m.subject,
                "headers": sorted(stored_headers(m.headers).items()),
                "data": base64.b64encode(m.data).decode(),
                "time": m.headers.get("Nats-Time-Stamp", ""),
            }
            f.write(_encode(line) + b"\n")
            if progress is not None and tree.size % 10_000 == 0:
                progress(m.seq)
        trailer = Trailer(end=True, records=tree.size, tree_size=tree.size, root=tree.root().hex())
        f.write(_encode(trailer) + b"\n")
        f.flush()
        os.fsync(f.fileno())
    partial.replace(path)
    return trailer


class ExportFile:
    """An export as a log source: its configuration, then its messages in file order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._file = path.open("rb")
        except OSError as e:
            raise ExportFormatError(f"cannot read {path}: {e.strerror}") from None
        first = self._file.readline()
        try:
            head: dict[str, Any] = json.loads(first)
            if head.get("format") != FORMAT:
                raise ValueError(f"format is {head.get('format')!r}")
            if head.get("version") != VERSION:
                raise ValueError(f"version {head.get('version')} (this program reads {VERSION})")
            self.spec = StreamSpec(name=str(head["stream"]), prefix=str(head["prefix"]))
            raw = head.get("config")
            self.config = None if raw is None else config_from_dict(raw)
            self.last_seq = int(head.get("last_seq") or 0)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            self._file.close()
            raise ExportFormatError(
                f"{path} is not a log export ({e}): make one with `assembly log export FILE`"
            ) from None
        self.trailer: Trailer | None = None

    def records(self) -> Iterator[RawMessage]:
        for number, line in enumerate(self._file, start=2):
            if line.startswith(b'{"end"'):
                try:
                    self.trailer = _trailer(line)
                except (msgspec.DecodeError, msgspec.ValidationError) as e:
                    raise ExportFormatError(f"{self.path}, line {number}: {e}") from None
                continue
            if self.trailer is not None:
                raise ExportFormatError(f"{self.path}, line {number}: a message after the end")
            try:
                m = _line(line)
                data = base64.b64decode(m.data, validate=True)
            except (msgspec.DecodeError, msgspec.ValidationError, binascii.Error) as e:
                raise ExportFormatError(
                    f"{self.path}, line {number}, is not an exported message: {e}"
                ) from None
            headers = dict(m.headers)
            # As a direct get delivers it (not part of the leaf: services.application.audit.leaf).
            if m.time:
                headers.update(
                    {
                        "Nats-Stream": self.spec.name,
                        "Nats-Subject": m.subject,
                        "Nats-Sequence": str(m.seq),
                        "Nats-Time-Stamp": m.time,
                    }
                )
            yield RawMessage(m.subject, m.seq, headers, data)

    def close(self) -> None:
        self._file.close()
