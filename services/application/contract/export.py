"""``assembly schema export DIR``: the contract as files a subscriber can read or generate from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from services.adapters.eventstore.stream import StreamSpec
from services.application.contract.asyncapi import document
from services.application.contract.catalogue import published
from services.application.contract.examples import example
from services.application.contract.schemas import json_schema


def _write(path: Path, content: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def export(directory: Path, spec: StreamSpec) -> list[Path]:
    """``asyncapi.json``, ``schemas/<wire>.json`` and ``examples/<wire>.json`` (as stored)."""
    events = published()
    written = [_write(directory / "asyncapi.json", document(events, spec))]
    for wire, cls in events.items():
        written.append(_write(directory / "schemas" / f"{wire}.json", json_schema(wire, cls)))
        stored = msgspec.json.encode(example(cls), order="sorted")
        written.append(_write(directory / "examples" / f"{wire}.json", json.loads(stored)))
    return written
