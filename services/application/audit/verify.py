"""``audit verify``: one pass over the log (live or exported) feeding both halves — the log's
integrity (configuration, continuity, canonical bytes, hash chains, checkpoints; services.
audit.integrity) and the domain (every fact lawful, draws re-derived, provenance; services.
audit.domain) — and the verdict with every violation in log order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.audit.violation import Violation
from services.application.audit.checkpoints import SignedCheckpoint
from services.application.audit.domain import DomainPass
from services.application.audit.export import LogSource
from services.application.audit.integrity import LogIntegrity, Uncovered, config_violations
from services.application.audit.memory import AuditorMemory
from services.application.audit.parallel import DomainProcess
from services.application.audit.structural import (
    PROGRESS_EVERY,
    checker_for,
    closing_violations,
    remember,
)
from services.application.audit.trust import Trust


@dataclass
class AuditReport:
    records: int
    facts: int
    aggregates: int
    tree_size: int
    root: str
    checkpoints: list[tuple[int, SignedCheckpoint]]
    domain: DomainPass | None  # the replayed state, for the trail (None when replayed apart)
    violations: list[Violation] = field(default_factory=list)
    integrity: LogIntegrity | None = None  # the tree and checkpoints, for proofs
    uncovered: Uncovered | None = None

    @property
    def latest(self) -> SignedCheckpoint | None:
        return self.integrity.latest if self.integrity is not None else None

    @property
    def ok(self) -> bool:
        return not self.violations


def full_audit(
    source: LogSource,
    *,
    outside: Sequence[SignedCheckpoint] = (),
    trust: Trust | None = None,
    memory: AuditorMemory | None = None,
    progress: Callable[[int], None] | None = None,
    apart: bool = False,
) -> AuditReport:
    """One pass; with `apart`, the domain replay runs in a second process (both cores), and
    the report holds no replayed state (the trail needs it: it replays here). ``trust``
    defaults to the keys the log names itself; ``memory``, when given, is checked and kept."""
    checker: LogIntegrity = checker_for(source, outside, trust, memory)
    replayer: DomainPass | DomainProcess = (
        DomainProcess(source.spec.events) if apart else DomainPass(source.spec.events)
    )
    found = config_violations(source.config, source.spec)
    try:
        for m in source.records():
            problems = checker.feed(m) + replayer.feed(m)
            if problems:
                found += problems
            if progress is not None and checker.records % PROGRESS_EVERY == 0:
                progress(checker.records)
        closing = closing_violations(source, checker)
        found += closing
        remember(memory, checker, len(closing))
        replayed, facts = replayer.finish_counted()
        found += replayed
    finally:
        if isinstance(replayer, DomainProcess):
            replayer.close()
    found.sort(key=lambda v: (v.seq or 1 << 62, v.rule))
    return AuditReport(
        records=checker.records,
        facts=facts,
        aggregates=checker.aggregates,
        tree_size=checker.tree.size,
        root=checker.tree.root().hex(),
        checkpoints=checker.checkpoints,
        domain=replayer if isinstance(replayer, DomainPass) else None,
        violations=found,
        integrity=checker,
        uncovered=checker.uncovered(),
    )
