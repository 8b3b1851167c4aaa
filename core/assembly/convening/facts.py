"""Facts of the assembly as a whole: convened under its charter, its phases, its draw announced."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from core.assembly.charter import Charter, Phase
from core.events import Event


class AssemblyConvened(Event, frozen=True, kw_only=True):
    """v2: the charter says the pool's vocabulary (by default Paris's of today,
    core.vocabulary.PARIS, with CAP/BEP) and the ballots' tellers."""

    wire: ClassVar[str] = "assembly.assembly_convened.v2"

    charter: Charter
    previous_cohort: UUID | None = None  # the assembly whose rules this one carries on


class PhaseOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.phase_opened.v1"

    phase: Phase


class DrawAnnounced(Event, frozen=True, kw_only=True):
    """The assembly binds itself to one draw once everything in it is committed and before its
    randomness exists: no second draw, no panel from elsewhere (no shopping for seeds)."""

    wire: ClassVar[str] = "assembly.draw_announced.v1"

    draw: UUID
    commitment: str
