"""What the tamper tests of a year drawn by lot (conftest: ``forged``) do and read: rewrite a
fact as a forger would (re-encoded canonically, its record's hash chain recomputed), find facts
by wire name, audit the copy and read the rules named at a sequence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from core.assembly.membership.facts import ReserveCalled
from core.audit.violation import Violation
from services.application.audit.export import ExportFile
from services.application.audit.verify import full_audit
from tests.audit.tamper import Export, data, header, rechain, set_data

Payload = dict[str, Any]
RESERVE_CALLED = ReserveCalled.wire


def payload(record: dict[str, Any]) -> Payload:
    result: Payload = msgspec.json.decode(data(record))
    return result


def rewrite(export: Export, record: dict[str, Any], change: Callable[[Payload], None]) -> int:
    """Change one fact, re-encode it canonically, recompute its record's chain; its sequence."""
    body = payload(record)
    change(body)
    set_data(record, msgspec.json.encode(body, order="sorted"))
    rechain(export, str(header(record, "Assembly-Id")))
    export.save()
    return int(record["seq"])


def facts(export: Export, wire: str) -> list[dict[str, Any]]:
    return [r for r in export.records if header(r, "Assembly-Topic") == wire]


def audited(export: Export) -> list[Violation]:
    source = ExportFile(export.path)
    try:
        return full_audit(source).violations
    finally:
        source.close()


def named(export: Export, seq: int) -> set[str]:
    found = audited(export)
    assert {v.rule for v in found if v.rule in STRUCTURAL} == set(), found[:3]
    return {v.rule for v in found if v.seq == seq}


STRUCTURAL = {
    "hash-chain",
    "record-digest",
    "canonical-bytes",
    "header-payload",
    "sequence-gap",
    "export-trailer",
}


def members(export: Export, status_wire: str) -> list[str]:
    return [payload(r)["member"] for r in facts(export, status_wire)]
