"""A fast LEXIMIN approximation with a certificate (experimental; leximin.py now writes the
relaxed LEXIMIN exactly as a lottery when it can, see decomposition.py).

1. LEXIMIN over the linear relaxation of the quotas (relaxation.py): a handful of LPs, no
   column generation. Its minimum probability bounds from above what any lottery over real
   panels can guarantee.
2. Herding: ticket i is the panel that best closes the gap between i times the target
   probabilities and what tickets 1..i-1 already give (one pricing program per ticket).
The ticket list's own averages are the probabilities recorded; how far they fall short of the
relaxation's minimum is how close the draw came to optimal.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.sortition import relaxation
from core.sortition.feasibility import feasible_panel
from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, PanelSearch
from core.sortition.progress import OnProgress, Progress


def relaxed_leximin(pool: Pool, quotas: Sequence[Quota], seats: int) -> tuple[float, ...]:
    """Per type, the LEXIMIN probabilities when fractional panels are allowed."""
    feasible_panel(pool, quotas, seats)
    return relaxation.relaxed_leximin(pool, quotas, seats).levels


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
