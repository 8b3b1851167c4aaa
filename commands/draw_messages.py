"""Commands of the draw: commit everything (pool, quotas, tickets, randomness source), then
reveal the randomness and draw."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec

from core.draw.events import Beacon, BeaconRound, Ceremony, DiceRolled, Entry
from core.sortition.model import Quota


class CommitDraw(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    entries: tuple[Entry, ...]
    quotas: dict[str, tuple[Quota, ...]]  # sub-pool -> quotas
    beacon: Beacon | None = None
    ceremony: Ceremony | None = None
    algorithm: str = "leximin"  # or "maximin"
    reserves: dict[str, int] | None = None  # default: as many as the sub-pool's seats
    tickets: int = 1000
    at: datetime
    by: str
    draw_id: UUID = msgspec.field(default_factory=uuid4)


class RevealDraw(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    beacon: BeaconRound | None = None
    dice: DiceRolled | None = None
    at: datetime
    by: str
