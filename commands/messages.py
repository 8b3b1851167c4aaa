"""Commands: what an administrator asks for, with who asks and when."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec

from core.assembly.charter import Charter, Phase
from core.assembly.members import Drawn


class ConveneAssembly(msgspec.Struct, frozen=True, kw_only=True):
    charter: Charter
    at: datetime
    by: str
    assembly_id: UUID = msgspec.field(default_factory=uuid4)
    previous_cohort: UUID | None = None


class OpenPhase(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    phase: Phase
    at: datetime
    by: str


class _AssemblyCommand(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    at: datetime
    by: str


class ReceivePanel(_AssemblyCommand, frozen=True, kw_only=True):
    panel: tuple[Drawn, ...]
    reserves: tuple[Drawn, ...] = ()
    draw: UUID | None = None


class AcceptInvitation(_AssemblyCommand, frozen=True, kw_only=True):
    member: str


class DeclineInvitation(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str = ""


class SeatMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str


class WithdrawMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class RemoveMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class CallReserve(_AssemblyCommand, frozen=True, kw_only=True):
    vacated: str


class ChooseWorkingGroup(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    group: str
