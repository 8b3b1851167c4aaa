"""Every read model, in the order the worker applies them."""

from __future__ import annotations

from projections import (
    amendments,
    attendance,
    ballots,
    composition,
    groups,
    recommendations,
    roster,
    timeline,
)
from projections.changes import ReadModel

READ_MODELS: tuple[ReadModel, ...] = (
    roster.READ_MODEL,
    composition.READ_MODEL,
    groups.READ_MODEL,
    attendance.READ_MODEL,
    amendments.READ_MODEL,
    ballots.READ_MODEL,
    recommendations.READ_MODEL,
    timeline.READ_MODEL,
)


def by_name(name: str) -> ReadModel:
    for model in READ_MODELS:
        if model.name == name:
            return model
    raise KeyError(name)
