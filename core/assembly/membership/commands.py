"""The commands of membership: the panel received, answers, seats, departures, replacements,
working groups."""

from __future__ import annotations

from uuid import UUID

from core.assembly.command import AssemblyCommand
from core.assembly.membership.members import Drawn


class ReceivePanel(AssemblyCommand, frozen=True, kw_only=True):
    panel: tuple[Drawn, ...]
    reserves: tuple[Drawn, ...] = ()
    draw: UUID | None = None


class AcceptInvitation(AssemblyCommand, frozen=True, kw_only=True):
    member: str


class DeclineInvitation(AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str = ""


class SeatMember(AssemblyCommand, frozen=True, kw_only=True):
    member: str


class WithdrawMember(AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class RemoveMember(AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class CallReserve(AssemblyCommand, frozen=True, kw_only=True):
    vacated: str


class ChooseWorkingGroup(AssemblyCommand, frozen=True, kw_only=True):
    member: str
    group: str
