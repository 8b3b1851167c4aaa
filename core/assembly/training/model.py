"""The shapes a training is recorded in: its topic, its trainer, when it starts, who came."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.assembly.sittings.model import Presence


class Training(msgspec.Struct, frozen=True, kw_only=True):
    """A training offered to the members: a trainer named by their public role, as an expert."""

    id: UUID
    topic: str
    trainer: str
    starts_at: datetime
    scheduled_at: datetime
    attendance: dict[str, Presence] = msgspec.field(default_factory=dict)

    def present(self) -> set[str]:
        return {m for m, p in self.attendance.items() if p is Presence.PRESENT}
