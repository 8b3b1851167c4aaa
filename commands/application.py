"""The assembly's application: one method per command, load, decide, save."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application

from commands.messages import ConveneAssembly, OpenPhase
from core import assembly
from core.assembly import Assembly


class AssemblyRecord(Application[UUID]):
    name = "AssemblyRecord"

    def convene_assembly(self, cmd: ConveneAssembly) -> tuple[UUID, int]:
        """Returns the new assembly's id and the log position of its last event."""
        agg = assembly.convene(cmd.charter, at=cmd.at, by=cmd.by)
        return agg.id, self.save(agg)[-1].notification.id

    def open_phase(self, cmd: OpenPhase) -> int:
        agg: Assembly = self.repository.get(cmd.assembly_id)
        agg.open_phase(cmd.phase, at=cmd.at, by=cmd.by)
        return self.save(agg)[-1].notification.id
