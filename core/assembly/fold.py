"""The assembly's state as a fold of its events: one table, built here from every slice's folds.

The slices never import this module: each declares its FOLDS (fact -> fold), and this table
names them all, explicitly; nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import singledispatch
from typing import TypeVar

from core.assembly import contacts, corrections
from core.assembly.ballots import fold as ballots
from core.assembly.convening import fold as convening
from core.assembly.followup import fold as followup
from core.assembly.membership import fold as membership
from core.assembly.recommendations import fold as recommendations
from core.assembly.sittings import fold as sittings
from core.assembly.state import Assembly, Folds
from core.assembly.training import fold as training
from core.events import Event

T = TypeVar("T")
E = TypeVar("E", bound=Event)

SLICES: tuple[Folds, ...] = (
    convening.FOLDS,
    membership.FOLDS,
    sittings.FOLDS,
    training.FOLDS,
    ballots.FOLDS,
    recommendations.FOLDS,
    followup.FOLDS,
    contacts.FOLDS,
    corrections.FOLDS,
)


@singledispatch
def evolve(event: Event, assembly: Assembly | None) -> Assembly | None:
    raise TypeError(f"{type(event).__name__} does not apply to an assembly")


for _folds in SLICES:
    for _fact, _fold in _folds.items():
        evolve.register(_fact, _fold)


def project(assembly: Assembly | None, events: Iterable[Event]) -> Assembly | None:
    """The repository's projector: fold events, in order, onto the state before them."""
    for event in events:
        assembly = evolve(event, assembly)
    return assembly


def in_turn(assembly: Assembly, items: Iterable[T], decide: Callable[[Assembly, T], E]) -> list[E]:
    """The facts of an act that records several at once (one per member), each decided on the
    state the ones before it leave: the next version, and what each one changed."""
    decided: list[E] = []
    for item in items:
        if decided:  # the state the one before leaves (none after the last: no one reads it)
            assembly = evolve(decided[-1], assembly) or assembly
        decided.append(decide(assembly, item))
    return decided
