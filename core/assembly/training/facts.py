"""Facts of the members' training: a training scheduled, each member's attendance of it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from core.assembly.sittings.model import Presence
from core.events import Event


class TrainingScheduled(Event, frozen=True, kw_only=True):
    """A training on ``topic`` by ``trainer`` (a public role, as the minutes name an expert)."""

    wire: ClassVar[str] = "assembly.training_scheduled.v1"

    training: UUID
    topic: str
    trainer: str
    starts_at: datetime


class TrainingAttended(Event, frozen=True, kw_only=True):
    """One member's presence at a training: present, excused or absent."""

    wire: ClassVar[str] = "assembly.training_attended.v1"

    training: UUID
    member: str
    presence: Presence
