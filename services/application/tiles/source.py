"""Published tiles as a log source for the audit: the entries, and every tile checked.

The entries (each a message's leaf bytes, ``services.application.audit.leaf``) are decoded
back into messages and fed to the same checks as the live stream or an export. On the way the
tree is grown again from the entries, and every hash tile the directory serves for the
checkpoint's size must be byte for byte the one they give: the tiles a client builds an
inclusion proof from are the log's. ``problems`` then holds each tile that is not (rule
``tile``) and the checkpoint's root against the entries' (``tiles-root``). The stream's
configuration comes from ``log.json`` (unsigned, as in an export).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import msgspec

from core.audit.violation import Violation
from core.note import Checkpoint, NoteError, parse_note
from core.tiles import HEIGHT, TileError, TileReader, TileWriter
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSettings, StreamSpec, config_from_dict
from services.application.audit.errors import AuditInputError
from services.application.tiles.files import fetcher
from services.application.tiles.publish import CHECKPOINT, FORMAT, LOG_INFO

_leaf = msgspec.msgpack.Decoder(tuple[int, str, dict[str, str], bytes]).decode


class TilesUnreadable(AuditInputError):
    """The tiles cannot be read at all (no checkpoint, no log.json): nothing to audit."""


class TilesSource:
    def __init__(self, where: str) -> None:
        self.where = where
        self.fetch = fetcher(where)
        try:
            self.note = self.fetch(CHECKPOINT).decode("utf-8")
            self.checkpoint = Checkpoint.parse(parse_note(self.note).text)
            info: dict[str, Any] = json.loads(self.fetch(LOG_INFO))
            if info.get("format") != FORMAT:
                raise ValueError(f"{LOG_INFO} is not of format {FORMAT}")
            self.spec = StreamSpec(name=str(info["stream"]), prefix=str(info["prefix"]))
            raw = info.get("config")
            self.config: StreamSettings | None = None if raw is None else config_from_dict(raw)
        except (TileError, NoteError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
            raise TilesUnreadable(
                f"{where} holds no published log ({e}): publish one with `assembly log publish`"
            ) from None
        self.last_seq = self.checkpoint.size
        self.problems: list[Violation] = []

    def _bad(self, rule: str, where: str, expected: str, found: str, seq: int = 0) -> None:
        self.problems.append(
            Violation(seq=seq, aggregate=where, rule=rule, expected=expected, found=found)
        )

    def records(self) -> Iterator[RawMessage]:
        size = self.checkpoint.size
        reader = TileReader(size, self.fetch)
        writer = TileWriter()
        for index in range(-(-size // (1 << HEIGHT))):
            try:
                entries = reader.bundle(index)
            except TileError as e:
                self._bad("tile", f"bundle {index}", "the entries of the checkpoint's tree", str(e))
                return
            for entry in entries:
                seq = writer.size + 1
                writer.append(entry)
                try:
                    m_seq, subject, headers, data = _leaf(entry)
                except (msgspec.DecodeError, msgspec.ValidationError) as e:
                    self._bad("tile", f"bundle {index}", "a message's leaf bytes", str(e), seq)
                    continue
                yield RawMessage(subject, m_seq, headers, data)
            self._check(writer.take_full())
        self._check(writer.partial())
        if writer.size == size and writer.root() != self.checkpoint.root_hash:
            self._bad(
                "tiles-root",
                "checkpoint",
                f"root {self.checkpoint.root_hash.hex()} signed for {size} entries",
                f"root {writer.root().hex()} of the entries served",
            )

    def _check(self, made: list[tuple[str, bytes]]) -> None:
        """Each hash tile served must be the one the entries give."""
        for path, data in made:
            if path.startswith("tile/entries"):
                continue
            try:
                served = self.fetch(path)
            except TileError as e:
                self._bad("tile", path, "the hash tile the entries give", str(e))
                continue
            if served != data:
                self._bad(
                    "tile",
                    path,
                    f"the hash tile the entries give ({len(data)} bytes)",
                    f"another one ({len(served)} bytes)",
                )

    def close(self) -> None:
        pass
