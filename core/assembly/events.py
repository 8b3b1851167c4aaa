"""The assembly's own facts (convening, phases)."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from core.assembly.charter import Charter, Phase
from core.events import Event


class AssemblyConvened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.assembly_convened.v1"

    charter: Charter
    previous_cohort: UUID | None = None  # the assembly whose rules this one carries on


class PhaseOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.phase_opened.v1"

    phase: Phase
