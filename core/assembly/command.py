"""What every command of an assembly's act says: on which assembly, when, and who asks."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class AssemblyCommand(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    at: datetime
    by: str
