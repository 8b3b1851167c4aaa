"""A fast LEXIMIN approximation with a certificate (experimental, beside the exact one).

1. LEXIMIN over the linear relaxation of the quotas (expected seats per type need only meet the
   quotas on average): a handful of LPs, no column generation. Its minimum probability bounds
   from above what any lottery over real panels can guarantee.
2. Herding: ticket i is the panel that best closes the gap between i times the target
   probabilities and what tickets 1..i-1 already give (one pricing program per ticket).
The ticket list's own averages are the probabilities recorded; how far they fall short of the
relaxation's minimum is how close the draw came to optimal.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.sortition.feasibility import feasible_panel
from core.sortition.leximin import TOLERANCE, OnProgress, Progress
from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, PanelSearch
from core.sortition.solver import INF, Program


def relaxed_leximin(pool: Pool, quotas: Sequence[Quota], seats: int) -> tuple[float, ...]:
    """Per type, the LEXIMIN probabilities when fractional panels are allowed."""
    feasible_panel(pool, quotas, seats)
    types = len(pool.types)
    fixed: dict[int, float] = {}
    while len(fixed) < types:
        program = Program([0.0] * (types + 1), [float(n) for n in pool.counts] + [1.0])
        program.set_costs([0.0] * types + [1.0])
        program.add_row(dict.fromkeys(range(types), 1.0), seats, seats)
        for q in quotas:
            program.add_row(dict.fromkeys(pool.types_with(q.category, q.value), 1.0), q.min, q.max)
        for t, n in enumerate(pool.counts):
            if t in fixed:
                program.add_row({t: 1.0 / n}, fixed[t], INF)
            else:
                program.add_row({t: 1.0 / n, types: -1.0}, 0.0, INF)
        found = program.solve()
        if not found.optimal:  # pragma: no cover - relaxing the fixed values keeps it feasible
            raise RuntimeError("relaxed LEXIMIN stage infeasible")
        rows = 1 + len(quotas)
        tight = [
            t for t in range(types) if t not in fixed and abs(found.row_duals[rows + t]) > 1e-9
        ]
        for t in tight or [t for t in range(types) if t not in fixed]:
            fixed[t] = max(0.0, found.objective - TOLERANCE)
    return tuple(fixed[t] for t in range(types))


def herd(
    pool: Pool,
    quotas: Sequence[Quota],
    seats: int,
    target: Sequence[float],
    *,
    tickets: int,
    progress: OnProgress | None = None,
) -> tuple[Panel, ...]:
    """m tickets whose average approaches the target probabilities, in herding order."""
    search = PanelSearch(pool, quotas, seats)
    given = [0.0] * len(pool.types)
    chosen: list[Panel] = []
    for i in range(1, tickets + 1):
        gaps = [(i * p - g) / n for p, g, n in zip(target, given, pool.counts, strict=True)]
        panel = search.good(gaps)
        chosen.append(panel)
        for t, x in enumerate(panel):
            given[t] += x / pool.counts[t]
        if progress is not None and i % 100 == 0:
            progress(Progress(stage="herding", fixed=i, types=tickets, panels=len(set(chosen))))
    return tuple(sorted(chosen))
