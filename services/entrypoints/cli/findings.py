"""How the verifying commands show what they found: each violation where it is, the two
signed texts of an equivocation, and what no checkpoint covers yet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from core.audit.violation import Violation
from services.application.audit.checkpoints import SignedCheckpoint
from services.application.audit.integrity import Uncovered
from services.entrypoints.cli import i18n
from services.entrypoints.cli.i18n import _, ngettext
from services.entrypoints.cli.refusals import in_paris_time, translated

SHOWN = 200


def violation_lines(violations: Sequence[Violation]) -> list[str]:
    lines: list[str] = []
    for v in violations[:SHOWN]:
        lines.append(line(v))
        for text in v.evidence:
            lines += ["    " + line for line in text.rstrip("\n").split("\n")]
            lines.append("")
    if len(violations) > SHOWN:
        lines.append(_("… and {n} more").format(n=len(violations) - SHOWN))
    return lines


def line(v: Violation) -> str:
    """Where, the rule's code (as auditors grep it), what was expected and what was found."""
    if i18n.language() == "en":
        return v.line()
    where = f"#{v.seq}" if v.seq else "log"
    shown = v.aggregate and v.aggregate != where  # as Violation.line: a checkpoint's place
    record = f" {v.aggregate}" if shown else ""
    where = where if v.seq else _("log")
    return _("{where}{record}: {rule}: expected {expected}; found {found}").format(
        where=where,
        record=record,
        rule=v.rule,
        expected=translated(v.expected),
        found=translated(v.found),
    )


def uncovered_line(u: Uncovered | None) -> list[str]:
    if u is None:
        return []
    since = _(", stored since {since}").format(since=in_paris_time(u.since)) if u.since else ""
    return [
        ngettext(
            "warning: {count} message from #{first} to #{last}{since} is covered by no "
            "checkpoint yet: nothing signed stops it being cut or rewritten (the operator "
            "runs `assembly checkpoint`)",
            "warning: {count} messages from #{first} to #{last}{since} are covered by no "
            "checkpoint yet: nothing signed stops them being cut or rewritten (the operator "
            "runs `assembly checkpoint`)",
            u.count,
        ).format(count=i18n.number(u.count), first=u.first_seq, last=u.last_seq, since=since)
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
