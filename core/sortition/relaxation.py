"""LEXIMIN over the linear relaxation of the quotas: the expected seats of each type need only
meet the quotas on average, as if panels could hold fractions of people. A handful of linear
programs over types, no column generation.

It bounds every real lottery from above. A lottery over quota-satisfying panels gives expected
seats inside the relaxation, so its minimum probability is at most the relaxation's first level
(`bound`), and its probabilities, sorted, are lexicographically at most the relaxation's
(`levels`, sorted). When the relaxed point can be written as a lottery over real panels
(decomposition.py), that lottery attains the bound: it is the LEXIMIN, certified.

Each stage maximises the lowest probability z among the types not yet fixed; the types whose
constraint p_t >= z has a positive dual value are at z in every optimal solution (complementary
slackness), so all of them are fixed at z, and the next stage raises the rest. The duals of
those constraints sum to one, so every stage fixes at least one type: at most one stage per
type, each a warm-started dual simplex solve.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from core.sortition.model import Pool, Quota
from core.sortition.progress import OnProgress, Progress
from core.sortition.solver import INF, Program

SLACK = 1e-9
"""How much a fixed level is lowered for the later stages, so that they stay feasible."""
POSITIVE = 1e-9
"""A dual value above this is positive. The open types' duals add up to 1 (z's column), so at
least one is >= 1 / types: this only filters rounding noise."""
FEASIBLE = 1e-10
"""The solver's feasibility tolerance: the relaxed point must meet the quotas closely, for the
walk (decomposition.py) starts from it."""


class Relaxed(Struct, frozen=True, kw_only=True):
    seats: tuple[float, ...]
    """Per type, the expected seats at the relaxed LEXIMIN point (they add up to the seats)."""
    levels: tuple[float, ...]
    """Per type, the probability it was fixed at: the relaxed LEXIMIN probabilities."""
    bound: float
    """The first level: no lottery over real panels guarantees everyone more."""
    stages: int


def relaxed_leximin(
    pool: Pool, quotas: Sequence[Quota], seats: int, progress: OnProgress | None = None
) -> Relaxed:
    """The relaxed LEXIMIN; the quotas must be feasible (feasibility.feasible_panel)."""
    types = len(pool.types)
    z = types
    program = Program(
        [0.0] * (types + 1), [float(n) for n in pool.counts] + [1.0], tolerance=FEASIBLE
    )
    program.set_costs([0.0] * types + [1.0])
    program.add_row(dict.fromkeys(range(types), 1.0), seats, seats)
    for q in quotas:
        program.add_row(dict.fromkeys(pool.types_with(q.category, q.value), 1.0), q.min, q.max)
    first = 1 + len(quotas)
    for t, n in enumerate(pool.counts):
        program.add_row({t: 1.0 / n, z: -1.0}, 0.0, INF)
    levels: dict[int, float] = {}
    stage = 0
    bound = 0.0
    while True:
        if progress is not None:
            name = "maximin" if stage == 0 else "leximin"
            progress(Progress(stage=name, fixed=len(levels), types=types, panels=0))
        found = program.solve()
        if not found.optimal:  # pragma: no cover - the slack keeps every stage feasible
            raise RuntimeError(f"relaxed LEXIMIN stage {stage + 1} has no optimum")
        value = max(0.0, found.objective)
        if stage == 0:
            bound = value
        stage += 1
        open_ = [t for t in range(types) if t not in levels]
        tight = [t for t in open_ if abs(found.row_duals[first + t]) > POSITIVE] or open_
        for t in tight:
            levels[t] = value
            program.set_row(first + t, max(0.0, value - SLACK), INF, {z: 0.0})
        if len(levels) == types:
            break
    return Relaxed(
        seats=tuple(
            min(max(v, 0.0), n) for v, n in zip(found.values[:types], pool.counts, strict=True)
        ),
        levels=tuple(levels[t] for t in range(types)),
        bound=bound,
        stages=stage,
    )
