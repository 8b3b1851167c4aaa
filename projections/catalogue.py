"""Every read model, in the order the worker applies them."""

from __future__ import annotations

from projections import (
    amendments,
    attendance,
    ballots,
    composition,
    corrections,
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
    "assembly.phase_opened.v1": "the phase is on the timeline; `assembly status` folds it",
    "assembly.pool_entered.v1": "the pool's pseudonyms and commitments are for the audit",
    "assembly.pool_committed.v1": "the pool's root and counts are for the audit",
    "assembly.tickets_committed.v2": "the lottery's tickets are for the audit",
    "assembly.randomness_declared.v1": "the randomness source is for the audit",
    "assembly.randomness_revealed.v1": "the seed is for the audit",
    "assembly.panel_drawn.v1": "the panel reaches the roster by assembly.panel_arrived.v1",
    "assembly.contacts_looked_up.v1": "a look-up changes no one's standing; its line says how "
    "many were looked up and why, never whom (the audit has the pseudonyms)",
}


def by_name(name: str) -> ReadModel:
    for model in READ_MODELS:
        if model.name == name:
            return model
    raise KeyError(name)
