"""The assembly's application: one method per command; load, decide, save.

Each method returns the log position of the last event it recorded, so a
caller can wait for the read side to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from eventsourcing.application import Application

from commands.messages import (
    ConveneAssembly,
    OpenPhase,
)
from core.assembly import decisions
from core.assembly.state import Assembly, project
from core.events import Event

Decision = Callable[[Assembly], Event | Sequence[Event]]


class AssemblyRecord(Application[UUID]):
    name = "AssemblyRecord"

    def assembly(self, assembly_id: UUID) -> Assembly:
        state: Assembly = self.repository.get(assembly_id, projector_func=project)
        return state

    def convene_assembly(self, cmd: ConveneAssembly) -> int:
        event = decisions.convene(
            cmd.charter,
            new_id=cmd.assembly_id,
            at=cmd.at,
            by=cmd.by,
            previous_cohort=cmd.previous_cohort,
        )
        return self.save(event)[-1].notification.id

    def open_phase(self, cmd: OpenPhase) -> int:
        event = decisions.open_phase(
            self.assembly(cmd.assembly_id), cmd.phase, at=cmd.at, by=cmd.by
        )
        return self.save(event)[-1].notification.id
