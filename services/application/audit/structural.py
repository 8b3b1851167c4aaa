"""One structural audit over a log source: configuration, every message, then the outside
checkpoints, the end of the stream and (for an export) its trailer. The composition
``log verify-export`` runs; ``audit verify`` feeds ``LogIntegrity`` the same way, next to
the domain replay, and closes with ``closing_violations``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.audit.violation import Violation
from services.application.audit.checkpoints import SignedCheckpoint, now, origin_of
from services.application.audit.export import ExportFile, LogSource
from services.application.audit.integrity import LogIntegrity, Uncovered, config_violations
from services.application.audit.memory import AuditorMemory
from services.application.audit.trust import Trust
from services.application.tiles.source import TilesSource

PROGRESS_EVERY = 10_000


@dataclass
class StructuralReport:
    records: int
    tree_size: int
    root: str
    aggregates: int
    checkpoints: int  # recorded in the log
    violations: list[Violation] = field(default_factory=list)
    latest: SignedCheckpoint | None = None  # the largest checkpoint the log matches
    uncovered: Uncovered | None = None

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
    the stream, an export's trailer, published tiles against their entries."""
    return [
        *checker.finish(),
        *tail_violations(source, checker),
        *trailer_violations(source, checker),
        *(source.problems if isinstance(source, TilesSource) else []),
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


def checker_for(
    source: LogSource,
    outside: Sequence[SignedCheckpoint],
    trust: Trust | None,
    memory: AuditorMemory | None,
) -> LogIntegrity:
    """The integrity checker, with what this auditor remembers of the log (if it keeps any)."""
    remembered = memory.recall(origin_of(source.spec.name)) if memory is not None else None
    return LogIntegrity(source.spec, outside=outside, trust=trust, remembered=remembered)


def remember(memory: AuditorMemory | None, checker: LogIntegrity, closing: int) -> None:
    """Keep the latest checkpoint and the log as read, when the log's integrity held: the
    next run checks the new ones against them."""
    if memory is None or checker.violations or closing:
        return
    kept = checker.remembered.checkpoint
    latest = checker.latest
    if latest is not None and (kept is None or latest.tree_size >= kept.tree_size):
        kept = latest
    memory.keep(
        checker.origin,
        kept if kept is not checker.remembered.checkpoint else None,
        checker.seen(now()),
    )


def structural_audit(
    source: LogSource,
    *,
    outside: Sequence[SignedCheckpoint] = (),
    trust: Trust | None = None,
    memory: AuditorMemory | None = None,
    progress: Callable[[int], None] | None = None,
) -> StructuralReport:
    checker = checker_for(source, outside, trust, memory)
    found = config_violations(source.config, source.spec)
    feed = checker.feed
    for m in source.records():
        problems = feed(m)
        if problems:
            found += problems
        if progress is not None and checker.records % PROGRESS_EVERY == 0:
            progress(checker.records)
    closing = closing_violations(source, checker)
    found += closing
    remember(memory, checker, len(closing))
    return StructuralReport(
        records=checker.records,
        tree_size=checker.tree.size,
        root=checker.tree.root().hex(),
        aggregates=checker.aggregates,
        checkpoints=len(checker.checkpoints),
        violations=found,
        latest=checker.latest,
        uncovered=checker.uncovered(),
    )
