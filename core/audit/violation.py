"""What the audit reports: where (stream sequence, aggregate), which rule, expected, found."""

from __future__ import annotations

import msgspec


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    seq: int  # the stream sequence of the offending message (0: the log as a whole)
    aggregate: str  # the record's id, or "" for the log as a whole
    rule: str  # a short stable name, e.g. "hash-chain", "vote-by-non-seated-member"
    expected: str
    found: str
    evidence: tuple[str, ...] = ()  # whole signed texts proving it (an equivocation's two)

    def line(self) -> str:
        where = f"#{self.seq}" if self.seq else "log"
        shown = self.aggregate and self.aggregate != where  # a checkpoint's "record" is its place
        record = f" {self.aggregate}" if shown else ""
        return f"{where}{record}: {self.rule}: expected {self.expected}; found {self.found}"


def contrast(expected: str, found: str, width: int = 300) -> tuple[str, str]:
    """Both texts cut to ``width`` around where they first differ, never before it."""
    if len(expected) <= width and len(found) <= width:
        return expected, found
    i = next(
        (k for k, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b),
        min(len(expected), len(found)),
    )
    start = max(0, i - width // 3)

    def cut(text: str) -> str:
        part = text[start : start + width]
        return ("…" if start else "") + part + ("…" if start + width < len(text) else "")

    return cut(expected), cut(found)
