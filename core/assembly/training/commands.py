"""The commands of training: a training scheduled, its attendance recorded."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec

from core.assembly.command import AssemblyCommand
from core.assembly.sittings.model import Presence


class ScheduleTraining(AssemblyCommand, frozen=True, kw_only=True):
    topic: str
    trainer: str  # a public role, as an expert is named
    starts_at: datetime
    training_id: UUID = msgspec.field(default_factory=uuid4)


class RecordTrainingAttendance(AssemblyCommand, frozen=True, kw_only=True):
    training_id: UUID
    presence: dict[str, Presence]  # several members in one atomic save
