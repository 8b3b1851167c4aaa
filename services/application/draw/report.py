"""What people see of a draw: selection probabilities (min, median, max) per sub-pool, the
drawn panel's composition against its quotas, and the legacy greedy draw as a baseline (its
probabilities estimated by running it under many seeds)."""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Callable

import msgspec

from core.draw import rules
from core.draw.state import Draw
from core.sortition.legacy import LegacyDeadEnd, legacy_draw
from core.sortition.model import Quota


class Spread(msgspec.Struct, frozen=True, kw_only=True):
    minimum: float
    median: float
    maximum: float


class Row(msgspec.Struct, frozen=True, kw_only=True):
    category: str
    value: str
    min: int
    max: int
    drawn: int


class SubpoolReport(msgspec.Struct, frozen=True, kw_only=True):
    subpool: str
    respondents: int
    seats: int
    algorithm: str
    ticket: int | None
    probabilities: Spread
    optimum: str
    tickets: int
    rounding: str
    unrounded: str | None
    """The optimised distribution's minimum before rounding (None: not recorded, v1)."""
    deviation: str | None
    """The largest difference of any person's probability from the optimised distribution's."""
    bound: str | None
    """What the rounding proves of that difference (None: it proves nothing)."""
    legacy: Spread | None
    legacy_runs: int
    composition: tuple[Row, ...]
    per_person: dict[str, float]


def spread(values: list[float]) -> Spread:
    return Spread(minimum=min(values), median=statistics.median(values), maximum=max(values))


def subpool_report(
    draw: Draw, name: str, legacy_runs: int, tick: Callable[[], None] | None = None
) -> SubpoolReport:
    pool = rules.subpool(draw, name)
    lottery = draw.lotteries[name]
    quotas = draw.quotas[name].quotas
    seats = draw.seats[name]
    chances = _chances(draw, name, len(pool.types))
    per_type = [c / (draw.tickets * n) for c, n in zip(chances, pool.counts, strict=True)]
    per_person = {p: per_type[t] for t, members in enumerate(pool.members) for p in members}
    drawn = draw.drawn.get(name)
    people = {e.pseudonym: e.criteria for e in draw.subpool_entries(name)}
    held = Counter((c, v) for p in (drawn.panel if drawn else ()) for c, v in people[p].items())
    composition = tuple(
        Row(
            category=q.category,
            value=q.value,
            min=q.min,
            max=q.max,
            drawn=held[(q.category, q.value)],
        )
        for q in sorted(quotas, key=_reading_order)
    )
    return SubpoolReport(
        subpool=name,
        respondents=pool.size,
        seats=seats,
        algorithm=lottery.algorithm,
        ticket=drawn.ticket if drawn else None,
        probabilities=spread(list(per_person.values())),
        optimum=lottery.optimum,
        tickets=draw.tickets,
        rounding=lottery.rounding,
        unrounded=lottery.unrounded,
        deviation=lottery.deviation,
        bound=lottery.bound,
        legacy=_legacy(draw, name, legacy_runs, tick) if legacy_runs else None,
        legacy_runs=legacy_runs,
        composition=composition,
        per_person=per_person,
    )


def _reading_order(q: Quota) -> tuple[str, int, str]:
    """Arrondissements 1, 2 … 20 rather than 1, 10, 11 …"""
    return (q.category, int(q.value) if q.value.isdigit() else 0, q.value)


def _chances(draw: Draw, name: str, types: int) -> list[int]:
    lottery = draw.lotteries[name]
    chances = [0] * types
    for panel, count in zip(lottery.panels, lottery.counts, strict=True):
        for t, x in panel:
            chances[t] += x * count
    return chances


def _legacy(draw: Draw, name: str, runs: int, tick: Callable[[], None] | None) -> Spread | None:
    pool = rules.subpool(draw, name)
    quotas = draw.quotas[name].quotas
    picked: Counter[str] = Counter()
    done = 0
    for run in range(runs):
        seed = hashlib.sha256(f"legacy-baseline:{name}:{run}".encode()).digest()
        try:
            picked.update(legacy_draw(pool, quotas, draw.seats[name], seed))
            done += 1
        except LegacyDeadEnd:
            pass
        if tick:
            tick()
    if not done:
        return None
    everyone = [p for members in pool.members for p in members]
    return spread([picked[p] / done for p in everyone])
