"""How the facts of training change the assembly's state: a training scheduled, attended."""

from __future__ import annotations

import msgspec

from core.assembly.state import Assembly, Folds, put, touch
from core.assembly.training.facts import TrainingAttended, TrainingScheduled
from core.assembly.training.model import Training


def scheduled(e: TrainingScheduled, a: Assembly) -> Assembly:
    training = Training(
        id=e.training, topic=e.topic, trainer=e.trainer, starts_at=e.starts_at, scheduled_at=e.at
    )
    return touch(a, e, trainings=put(a.trainings, e.training, training))


def attended(e: TrainingAttended, a: Assembly) -> Assembly:
    training = a.trainings[e.training]
    attendance = {**training.attendance, e.member: e.presence}
    changed = msgspec.structs.replace(training, attendance=attendance)
    return touch(a, e, trainings=put(a.trainings, e.training, changed))


FOLDS: Folds = {TrainingScheduled: scheduled, TrainingAttended: attended}
