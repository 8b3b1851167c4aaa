"""The optimum by brute force, for tiny pools: every quota-satisfying panel listed, then one
linear program per LEXIMIN level over all of them (no column generation, no walk)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, satisfies
from core.sortition.solver import INF, Program

SLACK = 1e-9


def all_panels(pool: Pool, quotas: Sequence[Quota], seats: int) -> list[Panel]:
    ranges = [range(min(n, seats) + 1) for n in pool.counts]
    return [
        panel
        for panel in itertools.product(*ranges)
        if sum(panel) == seats and satisfies(panel, pool, quotas, seats)
    ]


def leximin_levels(pool: Pool, quotas: Sequence[Quota], seats: int) -> list[float]:
    """The LEXIMIN probabilities, sorted: raise the lowest level, fix every type that cannot
    rise above it (tested one by one: can it get more than the level with the others held?),
    repeat."""
    panels = all_panels(pool, quotas, seats)
    types = len(pool.types)
    fixed: dict[int, float] = {}
    while len(fixed) < types:
        level = _best(pool, panels, fixed, [t for t in range(types) if t not in fixed])
        stuck = [
            t
            for t in range(types)
            if t not in fixed
            and _best(pool, panels, {**fixed, **_others(types, fixed, t, level)}, [t])
            <= level + 1e-7
        ]
        for t in stuck or [t for t in range(types) if t not in fixed]:
            fixed[t] = level
    return sorted(fixed.values())


def _others(types: int, fixed: dict[int, float], t: int, level: float) -> dict[int, float]:
    return {u: level for u in range(types) if u not in fixed and u != t}


def _best(pool: Pool, panels: Sequence[Panel], fixed: dict[int, float], raised: list[int]) -> float:
    """max z over lotteries on the panels: p_t >= z for t raised, p_t >= fixed[t] (less a
    hair) for the fixed."""
    count = len(panels)
    program = Program([0.0] * count + [0.0], [1.0] * count + [1.0])
    program.set_costs([0.0] * count + [1.0])
    program.add_row(dict.fromkeys(range(count), 1.0), 1.0, 1.0)
    for t, n in enumerate(pool.counts):
        row = {i: p[t] / n for i, p in enumerate(panels) if p[t]}
        if t in fixed:
            program.add_row(row, max(0.0, fixed[t] - SLACK), INF)
        elif t in raised:
            program.add_row({**row, count: -1.0}, 0.0, INF)
    found = program.solve()
    assert found.optimal
    return found.objective
