"""How the assembly comes to be and moves on: convened, its phases, its draw announced."""

from __future__ import annotations

from core.assembly.convening.facts import AssemblyConvened, DrawAnnounced, PhaseOpened
from core.assembly.state import Assembly, Folds, touch


def convened(event: AssemblyConvened, _: Assembly | None) -> Assembly:
    return Assembly(
        id=event.originator_id,
        version=event.originator_version,
        created_on=event.at,
        modified_on=event.at,
        charter=event.charter,
        previous_cohort=event.previous_cohort,
    )


def phase_opened(event: PhaseOpened, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return touch(assembly, event, phase=event.phase, phase_opened_at=event.at)


def announced(event: DrawAnnounced, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return touch(assembly, event, draw=event.draw)


FOLDS: Folds = {AssemblyConvened: convened, PhaseOpened: phase_opened, DrawAnnounced: announced}
