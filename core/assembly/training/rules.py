"""Training rules: scheduled within the term, attended by seated members once it has begun,
each member's attendance recorded once (a mistake is corrected, never recorded again)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.assembly.convening.rules import within_term
from core.assembly.fold import in_turn
from core.assembly.sittings.model import Presence
from core.assembly.sittings.rules import require_seated
from core.assembly.state import Assembly, next_of
from core.assembly.training.commands import RecordTrainingAttendance, ScheduleTraining
from core.assembly.training.facts import TrainingAttended, TrainingScheduled
from core.assembly.training.model import Training
from core.errors import DomainError
from core.time_order import after


class TrainingRefused(DomainError):
    rule = "training"


class UnknownTraining(TrainingRefused):
    """No training of this assembly has that id."""


class TrainingAlreadyScheduled(TrainingRefused):
    """A training is scheduled once."""


class AttendanceAlreadyRecorded(TrainingRefused):
    """A member's attendance of a training is recorded once: a mistake is corrected."""


def training_of(assembly: Assembly, training_id: UUID) -> Training:
    training = assembly.trainings.get(training_id)
    if training is None:
        raise UnknownTraining(f"no training {training_id} in {assembly.charter.name!r}")
    return training


def schedule_training(assembly: Assembly, cmd: ScheduleTraining) -> TrainingScheduled:
    """A training for the members, on a topic, by a trainer, within the term."""
    training_id, topic, trainer = cmd.training_id, cmd.topic, cmd.trainer
    starts_at, at, by = cmd.starts_at, cmd.at, cmd.by
    within_term(assembly, at)
    within_term(assembly, starts_at)
    if training_id in assembly.trainings:
        raise TrainingAlreadyScheduled(f"training {training_id} is already scheduled")
    return TrainingScheduled(
        **next_of(assembly),
        at=at,
        by=by,
        training=training_id,
        topic=topic,
        trainer=trainer,
        starts_at=starts_at,
    )


def record_training_attendance(
    assembly: Assembly, cmd: RecordTrainingAttendance
) -> list[TrainingAttended]:
    """Each member's attendance, in one act: each decided on the state the ones before leave."""
    return in_turn(
        assembly,
        cmd.presence.items(),
        lambda a, mp: _attended(a, cmd.training_id, *mp, at=cmd.at, by=cmd.by),
    )


def _attended(
    assembly: Assembly,
    training_id: UUID,
    member: str,
    presence: Presence,
    *,
    at: datetime,
    by: str,
) -> TrainingAttended:
    """Only seated members are trained; attendance is taken once the training has begun."""
    within_term(assembly, at)
    training = training_of(assembly, training_id)
    require_seated(assembly, member, f"attend the training on {training.topic!r}", at)
    after(
        at,
        training.starts_at,
        act=f"the attendance of {member} cannot be recorded",
        fact=f"the training on {training.topic!r} starts",
        because="attendance is taken once a training has begun",
    )
    if member in training.attendance:
        raise AttendanceAlreadyRecorded(
            f"the attendance of {member} at the training on {training.topic!r} is already "
            f"recorded ({training.attendance[member].value}): correct it instead"
        )
    return TrainingAttended(
        **next_of(assembly), at=at, by=by, training=training_id, member=member, presence=presence
    )
