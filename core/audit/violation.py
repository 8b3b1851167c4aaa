"""What the audit reports: where (stream sequence, aggregate), which rule, expected, found."""

from __future__ import annotations

import msgspec


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    seq: int  # the stream sequence of the offending message (0: the log as a whole)
    aggregate: str  # the record's id, or "" for the log as a whole
    rule: str  # a short stable name, e.g. "hash-chain", "vote-by-non-seated-member"
    expected: str
    found: str

    def line(self) -> str:
        where = f"#{self.seq}" if self.seq else "log"
        record = f" {self.aggregate}" if self.aggregate else ""
        return f"{where}{record}: {self.rule}: expected {self.expected}; found {self.found}"
