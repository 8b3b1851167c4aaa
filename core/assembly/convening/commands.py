"""The commands of convening: a cohort convened (the first, or the next of a series), a phase
opened."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from core.assembly.charter import Charter, Phase, cohort_id
from core.assembly.command import AssemblyCommand


class ConveneAssembly(msgspec.Struct, frozen=True, kw_only=True):
    charter: Charter
    at: datetime
    by: str
    previous_cohort: UUID | None = None

    @property
    def assembly_id(self) -> UUID:
        """Given by the series and cohort (core.assembly.charter.cohort_id), never chosen."""
        return cohort_id(self.charter.name, self.charter.cohort)


class ConveneNextCohort(msgspec.Struct, frozen=True, kw_only=True):
    """The new assembly's id is its series' (the previous cohort's name) and cohort."""

    previous: UUID
    cohort: int
    term_start: date
    term_end: date
    at: datetime
    by: str


class OpenPhase(AssemblyCommand, frozen=True, kw_only=True):
    phase: Phase
