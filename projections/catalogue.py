"""Every read model, in the order the worker applies them."""

from __future__ import annotations

from projections import (
    amendments,
    assemblies,
    attendance,
    ballots,
    composition,
    corrections,
    draws,
    groups,
    recommendations,
    roster,
    timeline,
    training,
)
from projections.changes import ReadModel
from projections.corrections import correcting

# Each read model takes the corrections of the facts it reads (projections/corrections.py).
READ_MODELS: tuple[ReadModel, ...] = (
    correcting(assemblies.READ_MODEL),
    draws.READ_MODEL,  # facts of the draw, never corrected
    correcting(roster.READ_MODEL),
    correcting(composition.READ_MODEL),
    correcting(groups.READ_MODEL),
    correcting(attendance.READ_MODEL),
    correcting(training.READ_MODEL),
    correcting(amendments.READ_MODEL),
    correcting(ballots.READ_MODEL),
    correcting(recommendations.READ_MODEL),
    corrections.READ_MODEL,
    correcting(timeline.READ_MODEL, marks=corrections.timeline_marks),
)


# Facts no read model but the timeline takes, and why: each new wire name must be read by a
# read model or named here (tests/projections/test_catalogue.py), never left out silently.
TIMELINE_ONLY: dict[str, str] = {
    "assembly.contacts_looked_up.v1": "a look-up changes no one's standing; its line says how "
    "many were looked up and why, never whom (the audit has the pseudonyms)",
}


def by_name(name: str) -> ReadModel:
    for model in READ_MODELS:
        if model.name == name:
            return model
    raise KeyError(name)
