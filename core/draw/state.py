"""The draw's state: a fold of its events, nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import singledispatch
from uuid import UUID

import msgspec

from core.assembly.charter import ReplacementRule
from core.assembly.state import Next
from core.draw.events import (
    Beacon,
    BeaconRound,
    Ceremony,
    DiceRolled,
    DrawOpened,
    Entry,
    PanelDrawn,
    PoolCommitted,
    PoolEntered,
    QuotasCommitted,
    RandomnessDeclared,
    RandomnessRevealed,
    TicketsCommitted,
)
from core.events import Event


class Draw(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    created_on: datetime
    modified_on: datetime
    assembly: UUID
    seats: dict[str, int]
    reserves: dict[str, int]
    replacement: ReplacementRule
    tickets: int
    entries: tuple[Entry, ...] = ()
    pool: PoolCommitted | None = None
    quotas: dict[str, QuotasCommitted] = msgspec.field(default_factory=dict)
    lotteries: dict[str, TicketsCommitted] = msgspec.field(default_factory=dict)
    declared: RandomnessDeclared | None = None
    revealed: RandomnessRevealed | None = None
    drawn: dict[str, PanelDrawn] = msgspec.field(default_factory=dict)

    @property
    def beacon(self) -> Beacon | None:
        return self.declared.beacon if self.declared else None

    @property
    def ceremony(self) -> Ceremony | None:
        return self.declared.dice if self.declared else None

    @property
    def beacon_round(self) -> BeaconRound | None:
        return self.revealed.beacon if self.revealed else None

    @property
    def dice(self) -> DiceRolled | None:
        return self.revealed.dice if self.revealed else None

    def subpool_entries(self, subpool: str) -> list[Entry]:
        return [e for e in self.entries if e.subpool == subpool]


def next_of(draw: Draw) -> Next:
    return {"originator_id": draw.id, "originator_version": draw.version + 1}


def _touch(draw: Draw, event: Event, **changes: object) -> Draw:
    return msgspec.structs.replace(
        draw, version=event.originator_version, modified_on=event.at, **changes
    )


@singledispatch
def evolve(event: Event, draw: Draw | None) -> Draw:
    raise TypeError(f"{type(event).__name__} does not apply to a draw")


@evolve.register
def _(event: DrawOpened, _: Draw | None) -> Draw:
    return Draw(
        id=event.originator_id,
        version=event.originator_version,
        created_on=event.at,
        modified_on=event.at,
        assembly=event.assembly,
        seats=event.seats,
        reserves=event.reserves,
        replacement=event.replacement,
        tickets=event.tickets,
    )


def _known(draw: Draw | None, event: Event) -> Draw:
    if draw is None:
        raise TypeError(f"{type(event).__name__} before the draw was opened")
    return draw


@evolve.register
def _(event: PoolEntered, draw: Draw | None) -> Draw:
    d = _known(draw, event)
    return _touch(d, event, entries=d.entries + event.respondents)


@evolve.register
def _(event: PoolCommitted, draw: Draw | None) -> Draw:
    return _touch(_known(draw, event), event, pool=event)


@evolve.register
def _(event: QuotasCommitted, draw: Draw | None) -> Draw:
    d = _known(draw, event)
    return _touch(d, event, quotas={**d.quotas, event.subpool: event})


@evolve.register
def _(event: TicketsCommitted, draw: Draw | None) -> Draw:
    d = _known(draw, event)
    return _touch(d, event, lotteries={**d.lotteries, event.subpool: event})


@evolve.register
def _(event: RandomnessDeclared, draw: Draw | None) -> Draw:
    return _touch(_known(draw, event), event, declared=event)


@evolve.register
def _(event: RandomnessRevealed, draw: Draw | None) -> Draw:
    return _touch(_known(draw, event), event, revealed=event)


@evolve.register
def _(event: PanelDrawn, draw: Draw | None) -> Draw:
    d = _known(draw, event)
    return _touch(d, event, drawn={**d.drawn, event.subpool: event})


def project(draw: Draw | None, events: Iterable[Event]) -> Draw | None:
    for event in events:
        draw = evolve(event, draw)
    return draw


def folded(draw: Draw | None, events: Iterable[Event]) -> Draw:
    """The state after the events, which must start or continue a draw."""
    result = project(draw, events)
    if result is None:
        raise TypeError("no draw events")
    return result
