"""A write load from the application: assemblies convened as fast as they are recorded,
each command remembered with what its caller was told (a log position, or an error)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

import msgspec

from commands.application import AssemblyRecord
from commands.messages import ConveneAssembly
from tests.core.paris import charter

AT = datetime(2026, 1, 10, 18, 0, tzinfo=UTC)


@dataclass
class Outcome:
    cmd: ConveneAssembly
    position: int | None = None
    error: Exception | None = None


def convene() -> ConveneAssembly:
    """A command with its own id (a cohort of its own), time and actor: running it again
    records the same fact."""
    cohort = uuid4().int % 1_000_000_000
    own = msgspec.structs.replace(charter(), cohort=cohort)
    return ConveneAssembly(charter=own, at=AT, by="clerk:greffe")


class Load:
    def __init__(self, app: AssemblyRecord, *, threads: int = 2, limit: int = 5000) -> None:
        self.app = app
        self.limit = limit
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        while not self._stop.is_set() and len(self.outcomes) < self.limit:
            cmd = convene()
            try:
                outcome = Outcome(cmd, position=self.app.execute(cmd))
            except Exception as e:  # what the caller is told, whatever it is
                outcome = Outcome(cmd, error=e)
            with self._lock:
                self.outcomes.append(outcome)

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)
        hung = sum(t.is_alive() for t in self._threads)
        assert not hung, f"{hung} command(s) neither returned nor failed within 60 s"

    def count(self, *, failed: bool) -> int:
        with self._lock:
            return sum((o.error is not None) == failed for o in self.outcomes)

    def wait(self, *, acked: int = 0, failed: int = 0, within: float = 30.0) -> float:
        """Until at least that many more commands were acknowledged / reported failed."""
        start = time.monotonic()
        target_acked = self.count(failed=False) + acked
        target_failed = self.count(failed=True) + failed
        while self.count(failed=False) < target_acked or self.count(failed=True) < target_failed:
            if time.monotonic() - start > within:
                raise AssertionError(
                    f"within {within:g} s: {self.count(failed=False)} acknowledged "
                    f"(wanted {target_acked}), {self.count(failed=True)} failed "
                    f"(wanted {target_failed})"
                )
            time.sleep(0.01)
        return time.monotonic() - start


def check_exactly_once(app: AssemblyRecord, outcomes: list[Outcome]) -> Counter[UUID]:
    """Every acknowledged command at its position, every command's fact stored once."""
    notes = app.recorder.select_notifications(1, 1_000_000)
    stored = Counter(n.originator_id for n in notes)
    at = {n.id: n.originator_id for n in notes}
    for o in outcomes:
        if o.position is not None:
            assert at.get(o.position) == o.cmd.assembly_id, f"acknowledged {o} is not stored"
    assert [n.id for n in notes] == list(range(1, len(notes) + 1)), "the log has a gap"
    return stored
