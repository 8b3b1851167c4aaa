"""What a forger does to an export file: change lines, and (when clever) recompute the
hash chain and the trailer so that nothing but the checks that matter can notice."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from core.integrity import GENESIS, record_digest
from core.merkle import MerkleLog
from core.note import Checkpoint as NoteBody
from core.note import Signer, sign_note
from services.application.audit.leaf import leaf_hash


class Export:
    def __init__(self, path: Path) -> None:
        self.path = path
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        self.head: dict[str, Any] = lines[0]
        self.records: list[dict[str, Any]] = lines[1:-1]

    def events_of(self, aggregate: str) -> list[dict[str, Any]]:
        return [r for r in self.records if header(r, "Assembly-Id") == aggregate]

    def save(self) -> None:
        """Write it back with a trailer that matches (a forger recomputes it)."""
        tree = MerkleLog()
        for r in self.records:
            tree.append(leaf_hash(r["seq"], r["subject"], dict(r["headers"]), data(r)))
        trailer = {
            "end": True,
            "records": tree.size,
            "tree_size": tree.size,
            "root": tree.root().hex(),
        }
        lines = [self.head, *self.records, trailer]
        self.path.write_text("".join(json.dumps(x) + "\n" for x in lines))


def header(record: dict[str, Any], name: str) -> str | None:
    return dict(record["headers"]).get(name)


def set_header(record: dict[str, Any], name: str, value: str) -> None:
    record["headers"] = sorted({**dict(record["headers"]), name: value}.items())


def data(record: dict[str, Any]) -> bytes:
    return base64.b64decode(record["data"])


def set_data(record: dict[str, Any], payload: bytes) -> None:
    record["data"] = base64.b64encode(payload).decode()


def rechain(export: Export, aggregate: str) -> None:
    """Recompute every Assembly-Prev of one record, as a forger who knows the format would."""
    prev = GENESIS
    for r in export.events_of(aggregate):
        set_header(r, "Assembly-Prev", prev.hex())
        version, topic = int(header(r, "Assembly-Version") or 0), header(r, "Assembly-Topic")
        prev = record_digest(aggregate, version, str(topic), prev, data(r))


def renumber(export: Export) -> None:
    for seq, r in enumerate(export.records, start=1):
        r["seq"] = seq


def resign(export: Export, signer: Signer) -> None:
    """Sign every checkpoint in the log again over the log as it now is (a forger holding
    ``signer``: the operator's own key, or a key of their own)."""
    tree = MerkleLog()
    for r in export.records:
        if r["subject"].endswith(".checkpoints"):
            size = int(data(r).decode().split("\n")[1])
            body = NoteBody(signer.name, size, tree.root(size)).body()
            set_data(r, sign_note(body, signer).encode())
            set_header(r, "Assembly-Log-Key", signer.verifier.vkey)
        tree.append(leaf_hash(r["seq"], r["subject"], dict(r["headers"]), data(r)))


def cut(export: Export, keep: int) -> None:
    """Keep the first ``keep`` messages, the header saying so (a forger fixes it too)."""
    export.records = export.records[:keep]
    export.head["last_seq"] = keep
