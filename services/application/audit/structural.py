"""One structural audit over a log source: configuration, every message, then the outside
checkpoints, the end of the stream and (for an export) its trailer. The composition
``log verify-export`` runs; ``audit verify`` feeds ``LogIntegrity`` the same way, next to
the domain replay, and closes with ``closing_violations``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from core.audit.violation import Violation
from services.application.audit.checkpoints import Checkpoint
from services.application.audit.export import ExportFile, LogSource
from services.application.audit.integrity import LogIntegrity, config_violations

PROGRESS_EVERY = 10_000


@dataclass
class StructuralReport:
    records: int
    tree_size: int
    root: str
    aggregates: int
    checkpoints: int  # recorded in the log
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def tail_violations(source: LogSource, checker: LogIntegrity) -> list[Violation]:
    """Messages missing at the end: the stream (or the export's header) says it went further."""
    if source.last_seq <= checker.last_seq:
        return []
    return [
        Violation(
            seq=source.last_seq,
            aggregate="",
            rule="sequence-gap",
            expected=f"messages up to sequence {source.last_seq} (the stream's last)",
            found=f"the last message read is {checker.last_seq}",
        )
    ]


def closing_violations(source: LogSource, checker: LogIntegrity) -> list[Violation]:
    """What is checked once every message was fed: the checkpoints kept outside, the end of
    the stream, an export's trailer."""
    return [
        *checker.finish(),
        *tail_violations(source, checker),
        *trailer_violations(source, checker),
    ]


def trailer_violations(source: LogSource, checker: LogIntegrity) -> list[Violation]:
    """An export's own end: as many messages, and the same root, as the file says it holds."""
    if not isinstance(source, ExportFile):
        return []
    t = source.trailer
    root = checker.tree.root().hex()
    if t is None:
        return [
            Violation(
                seq=0,
                aggregate="",
                rule="export-trailer",
                expected='the export\'s last line ({"end": true, ...})',
                found="no end: the file was cut",
            )
        ]
    if t.records != checker.records or t.root != root:
        return [
            Violation(
                seq=0,
                aggregate="",
                rule="export-trailer",
                expected=f"{t.records} messages with root {t.root}",
                found=f"{checker.records} messages with root {root}",
            )
        ]
    return []


def structural_audit(
    source: LogSource,
    *,
    outside: Sequence[Checkpoint] = (),
    trusted_keys: Collection[str] = (),
    progress: Callable[[int], None] | None = None,
) -> StructuralReport:
    checker = LogIntegrity(source.spec, outside=outside, trusted_keys=trusted_keys)
    found = config_violations(source.config, source.spec)
    feed = checker.feed
    for m in source.records():
        problems = feed(m)
        if problems:
            found += problems
        if progress is not None and checker.records % PROGRESS_EVERY == 0:
            progress(checker.records)
    found += closing_violations(source, checker)
    return StructuralReport(
        records=checker.records,
        tree_size=checker.tree.size,
        root=checker.tree.root().hex(),
        aggregates=checker.aggregates,
        checkpoints=len(checker.checkpoints),
        violations=found,
    )
