"""Every fact has a stable wire name, and the assembly's state knows how to apply it."""

from __future__ import annotations

import re

from core.assembly.fold import evolve
from core.draw import state as draw_state
from core.events import Event, wire_names


def core_events() -> dict[str, type[Event]]:
    """The core's own facts (other test modules define throwaway event types of their own)."""
    return {w: cls for w, cls in wire_names().items() if cls.__module__.startswith("core.")}


def test_given_the_catalogue_when_listed_then_each_name_is_versioned_and_past_tense() -> None:
    names = core_events()

    assert len(names) >= 30
    for wire in names:
        assert re.fullmatch(r"assembly\.[a-z_]+\.v\d+", wire), wire


def test_given_every_fact_when_folded_then_a_handler_exists_for_it() -> None:
    """Each fact folds into an assembly or into a draw (the draw is a record of its own)."""
    unhandled = [
        w
        for w, cls in core_events().items()
        if evolve.dispatch(cls) is evolve.dispatch(Event)
        and draw_state.evolve.dispatch(cls) is draw_state.evolve.dispatch(Event)
    ]

    assert unhandled == []
