"""Golden payloads: one per published wire name, kept forever, with its schema fingerprint.

Each ``<wire name>.json`` holds the payload exactly as stored (canonical JSON:
re-encoded with sorted keys and no whitespace it gives the stored bytes) and
the SHA-256 of the type's schema when the golden was made. Add goldens for NEW
wire names with::

    .venv/bin/python -m tests.contract.golden --add-missing

Existing goldens are never overwritten: a published wire form is a promise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from core.events import Event
from services.application.contract.catalogue import published
from services.application.contract.examples import example
from services.application.contract.schemas import fingerprint

HERE = Path(__file__).parent
ADD = "python -m tests.contract.golden --add-missing"


def path_of(wire: str, directory: Path = HERE) -> Path:
    return directory / f"{wire}.json"


def load(directory: Path = HERE) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(directory.glob("*.json"))}


def stored_bytes(golden: dict[str, Any]) -> bytes:
    """The payload as it sits in a NATS message."""
    return msgspec.json.encode(golden["payload"], order="sorted")


def golden_of(wire: str, cls: type[Event]) -> dict[str, Any]:
    payload = json.loads(msgspec.json.encode(example(cls), order="sorted"))
    return {"wire": wire, "schema_sha256": fingerprint(cls), "payload": payload}


def missing(directory: Path = HERE) -> list[str]:
    return [w for w in published() if not path_of(w, directory).exists()]


def add_missing(directory: Path = HERE) -> list[str]:
    """Write a golden for every published wire name that has none; touch no existing one."""
    events = published()
    added = []
    for wire in missing(directory):
        with path_of(wire, directory).open("x", encoding="utf-8") as f:  # never overwrite
            json.dump(golden_of(wire, events[wire]), f, indent=2, ensure_ascii=False)
            f.write("\n")
        added.append(wire)
    return added


def missing_message(wires: list[str]) -> str:
    return (
        f"{len(wires)} published wire name(s) have no golden payload: {', '.join(wires)}. "
        f"If they are new, run `{ADD}` and commit tests/contract/golden/*.json"
    )
