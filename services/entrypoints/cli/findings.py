"""How the verifying commands show what they found: each violation where it is, the two
signed texts of an equivocation, and what no checkpoint covers yet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from core.audit.violation import Violation
from services.application.audit.checkpoints import SignedCheckpoint
from services.application.audit.integrity import Uncovered

SHOWN = 200


def violation_lines(violations: Sequence[Violation]) -> list[str]:
    lines: list[str] = []
    for v in violations[:SHOWN]:
        lines.append(v.line())
        for text in v.evidence:
            lines += ["    " + line for line in text.rstrip("\n").split("\n")]
            lines.append("")
    if len(violations) > SHOWN:
        lines.append(f"… and {len(violations) - SHOWN} more")
    return lines


def uncovered_line(u: Uncovered | None) -> list[str]:
    if u is None:
        return []
    since = f", stored since {u.since}" if u.since else ""
    return [
        f"warning: {u.count:,} message(s) from #{u.first_seq} to #{u.last_seq}{since} are "
        "covered by no checkpoint yet: nothing signed stops them being cut or rewritten "
        "(the operator runs `assembly checkpoint`)"
    ]


def facts(
    violations: Sequence[Violation], uncovered: Uncovered | None, latest: SignedCheckpoint | None
) -> dict[str, Any]:
    """The JSON fields every verifying command adds."""
    return {
        "violations": [msgspec.to_builtins(v) for v in violations],
        "uncovered": None if uncovered is None else msgspec.to_builtins(uncovered.__dict__),
        "latest_checkpoint": None
        if latest is None
        else {"tree_size": latest.tree_size, "root": latest.root, "note": latest.text},
    }
