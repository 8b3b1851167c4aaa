"""The current state of an assembly: a fold of its events, nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import singledispatch
from uuid import UUID

import msgspec

from core.assembly.charter import Charter, Phase
from core.assembly.events import AssemblyConvened, PhaseOpened
from core.events import Event


class Assembly(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    created_on: datetime
    modified_on: datetime
    charter: Charter
    phase: Phase | None = None
    previous_cohort: UUID | None = None


@singledispatch
def evolve(event: Event, assembly: Assembly | None) -> Assembly | None:
    raise TypeError(f"{type(event).__name__} does not apply to an assembly")


@evolve.register
def _(event: AssemblyConvened, _: Assembly | None) -> Assembly:
    return Assembly(
        id=event.originator_id,
        version=event.originator_version,
        created_on=event.at,
        modified_on=event.at,
        charter=event.charter,
        previous_cohort=event.previous_cohort,
    )


@evolve.register
def _(event: PhaseOpened, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return msgspec.structs.replace(
        assembly, version=event.originator_version, modified_on=event.at, phase=event.phase
    )


def project(assembly: Assembly | None, events: Iterable[Event]) -> Assembly | None:
    """The repository's projector: fold events, in order, onto the state before them."""
    for event in events:
        assembly = evolve(event, assembly)
    return assembly
