"""What a power failure cost, counted from the stream after the restart: every acknowledged
command's fact looked for at the position its caller was told."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from commands.application import AssemblyRecord
from tests.faults.load import Outcome

FIGURES: list[str] = []  # one line a run, shown at the end of pytest's output


@dataclass(frozen=True)
class Tally:
    acknowledged: int
    failed: int  # told it failed (the server was down): may be stored, never twice
    lost: int  # acknowledged, and its fact is nowhere in the stream
    moved: int  # acknowledged, stored, but not at the position its caller was told
    twice: int  # facts stored more than once
    stored: int
    gap_free: bool

    @property
    def held(self) -> bool:
        return self.lost == self.moved == self.twice == 0 and self.gap_free

    def line(self, what: str) -> str:
        return (
            f"{what}: {self.acknowledged} acknowledged, {self.lost} lost, {self.moved} moved, "
            f"{self.twice} stored twice ({self.failed} told they failed; "
            f"{self.stored} events in the stream)"
        )


def tally(app: AssemblyRecord, outcomes: list[Outcome]) -> Tally:
    notes = app.recorder.select_notifications(1, 1_000_000)
    stored = Counter(n.originator_id for n in notes)
    at = {n.id: n.originator_id for n in notes}
    acked = [o for o in outcomes if o.position is not None]
    lost = [o for o in acked if o.cmd.assembly_id not in stored]
    moved = [
        o
        for o in acked
        if o.cmd.assembly_id in stored and at.get(o.position or 0) != o.cmd.assembly_id
    ]
    return Tally(
        acknowledged=len(acked),
        failed=len(outcomes) - len(acked),
        lost=len(lost),
        moved=len(moved),
        twice=sum(1 for c in stored.values() if c > 1),
        stored=len(notes),
        gap_free=[n.id for n in notes] == list(range(1, len(notes) + 1)),
    )
