"""Commands: what an administrator asks for, with who asks and when."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from core.assembly import DEFAULT_THEMES, Phase


class ConveneAssembly(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    cohort: int
    term_start: date
    term_end: date
    at: datetime
    by: str
    seats: int = 100
    themes: tuple[str, ...] = DEFAULT_THEMES


class OpenPhase(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    phase: Phase
    at: datetime
    by: str
