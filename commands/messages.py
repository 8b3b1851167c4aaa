"""Commands: what an administrator asks for, with who asks and when."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec

from core.assembly.charter import Charter, Phase


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
