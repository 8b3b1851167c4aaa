"""The assembly's application: one method per command; load, decide, save.

Each method returns the log position of the last event it recorded, so a
caller can wait for the read side to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from eventsourcing.application import Application

from commands.messages import (
    AcceptInvitation,
    CallReserve,
    ChooseWorkingGroup,
    ConveneAssembly,
    DeclineInvitation,
    OpenPhase,
    ReceivePanel,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
from core.assembly import decisions, membership
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

    def decide(self, assembly_id: UUID, decision: Decision) -> int:
        """Load the assembly, let the rule decide, record what it decided (atomically)."""
        decided = decision(self.assembly(assembly_id))
        events = [decided] if isinstance(decided, Event) else list(decided)
        return self.save(*events)[-1].notification.id

    def open_phase(self, cmd: OpenPhase) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: decisions.open_phase(a, cmd.phase, at=cmd.at, by=cmd.by)
        )

    def receive_panel(self, cmd: ReceivePanel) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.receive_panel(
                a, panel=cmd.panel, reserves=cmd.reserves, draw=cmd.draw, at=cmd.at, by=cmd.by
            ),
        )

    def accept_invitation(self, cmd: AcceptInvitation) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: membership.accept(a, cmd.member, at=cmd.at, by=cmd.by)
        )

    def decline_invitation(self, cmd: DeclineInvitation) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.decline(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def seat_member(self, cmd: SeatMember) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: membership.seat(a, cmd.member, at=cmd.at, by=cmd.by)
        )

    def withdraw_member(self, cmd: WithdrawMember) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.withdraw(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def remove_member(self, cmd: RemoveMember) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.remove(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def call_reserve(self, cmd: CallReserve) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: membership.call_reserve(a, cmd.vacated, at=cmd.at, by=cmd.by)
        )

    def choose_working_group(self, cmd: ChooseWorkingGroup) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.choose_group(a, cmd.member, cmd.group, at=cmd.at, by=cmd.by),
        )
