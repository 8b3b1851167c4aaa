"""The vectors of docs/spec/10-tiles.md: a small log published as tiles by the project's own
publisher (``services.application.tiles.publish``), every file it writes, and the pieces a
reader rebuilds (index paths, tile widths, a leaf read back, both bundle formats)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core import merkle
from core.note import Checkpoint as NoteBody
from core.note import sign_note
from core.tiles import bundle, index_path, partial_width, tile_path
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSpec, config_from_dict
from services.application.audit.leaf import leaf_bytes
from services.application.tiles.publish import publish

SIZE = 300  # one full tile and bundle, one partial of 44, and a level-1 tile of width 1
SUBJECT = "assembly.tracking.roster"
YEAR_LOG = Path(__file__).resolve().parent / "year.jsonl"


def _messages() -> list[RawMessage]:
    """Tracking positions 1…300 of one projection: each message its own, small, leaf."""
    return [
        RawMessage(SUBJECT, seq, {"Nats-Msg-Id": f"roster-{seq}"}, str(seq).encode())
        for seq in range(1, SIZE + 1)
    ]


def _published(messages: list[RawMessage], note: str) -> dict[str, bytes]:
    with YEAR_LOG.open(encoding="utf-8") as f:
        header = json.loads(f.readline())
    config = config_from_dict(header["config"])
    spec = StreamSpec(name=header["stream"], prefix=header["prefix"])

    def read_from(seq: int) -> Iterator[RawMessage]:
        return iter(messages[seq - 1 :])

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        publish(root, note, read_from, spec, config)
        return {
            str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }


def tiles_vectors() -> dict[str, Any]:
    from tests.vectors.spec_vectors import ORIGIN, log_signer  # noqa: PLC0415 - no cycle

    messages = _messages()
    entries = [leaf_bytes(m.seq, m.subject, m.headers, m.data) for m in messages]
    root = merkle.root(entries)
    note = sign_note(NoteBody(ORIGIN, SIZE, root).body(), log_signer())
    files = _published(messages, note)
    first = messages[0]
    return {
        "part": "the log as C2SP tlog-tiles (docs/spec/10-tiles.md)",
        "index_paths": [
            {"n": n, "path": index_path(n)} for n in (0, 7, 999, 1000, 256_001, 1234067)
        ],
        "widths": [
            {
                "size": size,
                "partial": [partial_width(size, level) for level in range(3)],
                "paths": [
                    tile_path(level, size >> (8 * (level + 1)), partial_width(size, level))
                    for level in range(3)
                    if partial_width(size, level)
                ],
            }
            for size in (1, 255, 256, 257, 65_536, 70_000)
        ],
        "leaf": {
            "entry_hex": entries[0].hex(),
            "seq": first.seq,
            "subject": first.subject,
            "headers": sorted(first.headers.items()),
            "data_hex": first.data.hex(),
        },
        "bundles": {
            "entries": ["0102", "616263"],
            "uint16_hex": bundle([b"\x01\x02", b"abc"]).hex(),
            "uint32_hex": bundle([b"\x01\x02", b"abc"], large=True).hex(),
        },
        "published": {
            "tree_size": SIZE,
            "root_hex": root.hex(),
            "vkey": log_signer().verifier.vkey,
            "checkpoint": files.pop("checkpoint").decode(),
            "log_json": files.pop("log.json").decode(),
            "files_hex": {path: data.hex() for path, data in files.items()},
        },
    }
