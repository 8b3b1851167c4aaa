"""Selection probabilities as equal as the quotas allow (Flanigan et al., Nature 2021), solved
over types: a person's probability is the expected number of seats of their type divided by the
number of respondents of that type.

Column generation over panels: the restricted dual LP (weights y per type, one row per known
panel) is solved; the pricing integer program looks for a panel whose dual-weighted value beats
it; when none does (within a proven bound) the stage is optimal. MAXIMIN is the first stage;
LEXIMIN repeats it, fixing the types whose dual weight is positive (by complementary slackness
they sit at the minimum in every optimal distribution) and maximising the minimum of the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct

from core.sortition.feasibility import feasible_panel
from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, PanelSearch
from core.sortition.solver import INF, Program

TOLERANCE = 1e-7
"""How far from optimal a stage may stop, and how much a fixed probability is relaxed."""


class Progress(Struct, frozen=True, kw_only=True):
    stage: str
    fixed: int
    types: int
    panels: int


class Distribution(Struct, frozen=True, kw_only=True):
    """A probability distribution over quota-satisfying panels, and what it gives each person."""

    panels: tuple[Panel, ...]
    weights: tuple[float, ...]
    probabilities: tuple[float, ...]
    """Per type: the selection probability of each person of that type."""

    @property
    def minimum(self) -> float:
        return min(self.probabilities)


OnProgress = Callable[[Progress], None]


def maximin(
    pool: Pool, quotas: Sequence[Quota], seats: int, progress: OnProgress | None = None
) -> Distribution:
    """The fast first stage: the largest minimum probability any fair lottery can guarantee."""
    return _solve(pool, quotas, seats, progress, stages=1)


def leximin(
    pool: Pool, quotas: Sequence[Quota], seats: int, progress: OnProgress | None = None
) -> Distribution:
    """Maximise the minimum, then the second-lowest, and so on (LEXIMIN)."""
    return _solve(pool, quotas, seats, progress, stages=len(pool.types))


def _solve(
    pool: Pool,
    quotas: Sequence[Quota],
    seats: int,
    progress: OnProgress | None,
    *,
    stages: int,
) -> Distribution:
    panels = [feasible_panel(pool, quotas, seats)]
    search = PanelSearch(pool, quotas, seats)
    fixed = _cover(pool, search, panels)
    for stage in range(stages):
        if len(fixed) == len(pool.types):
            break
        if progress is not None:
            name = "maximin" if stage == 0 else "leximin"
            progress(
                Progress(stage=name, fixed=len(fixed), types=len(pool.types), panels=len(panels))
            )
        value, duals = _stage(pool, search, panels, fixed)
        tight = [t for t, y in enumerate(duals) if t not in fixed and y > TOLERANCE * 0.1]
        for t in tight or [t for t in range(len(pool.types)) if t not in fixed]:
            fixed[t] = max(0.0, value - TOLERANCE)
    return _mix(pool, panels, fixed)


def _cover(pool: Pool, search: PanelSearch, panels: list[Panel]) -> dict[int, float]:
    """Start with panels that give every type a seat somewhere; the types no panel can seat
    have probability 0 whatever the algorithm (their probability is fixed at 0)."""
    uncovered = {t for t in range(len(pool.types)) if all(p[t] == 0 for p in panels)}
    while uncovered:
        found = search.best([1.0 if t in uncovered else 0.0 for t in range(len(pool.types))])
        if found is None or found[1] < 0.5:
            break
        panels.append(found[0])
        uncovered -= {t for t, x in enumerate(found[0]) if x > 0}
    return dict.fromkeys(uncovered, 0.0)


def _stage(
    pool: Pool, search: PanelSearch, panels: list[Panel], fixed: dict[int, float]
) -> tuple[float, list[float]]:
    """Column generation on the dual: min y0 - sum_fixed pi_t y_t, subject to
    sum_t y_t x_t/n_t <= y0 for every panel, sum_unfixed y_t = 1, y >= 0."""
    types = len(pool.types)
    program = Program([0.0] * types + [-INF], [INF] * types + [INF], maximise=False)
    program.set_costs([-fixed.get(t, 0.0) for t in range(types)] + [1.0])
    program.add_row({t: 1.0 for t in range(types) if t not in fixed}, 1.0, 1.0)
    known = set(panels)
    for known_panel in panels:
        program.add_row(_row(pool, known_panel, types), -INF, 0.0)
    while True:
        restricted = program.solve()
        duals = list(restricted.values[:types])
        weights = [y / n for y, n in zip(duals, pool.counts, strict=True)]
        panel = search.improving(weights, restricted.values[types] + TOLERANCE)
        if panel is None or panel in known:
            return restricted.objective, duals
        known.add(panel)
        panels.append(panel)
        program.add_row(_row(pool, panel, types), -INF, 0.0)


def _row(pool: Pool, panel: Panel, types: int) -> dict[int, float]:
    row = {t: x / pool.counts[t] for t, x in enumerate(panel) if x}
    row[types] = -1.0
    return row


def _mix(pool: Pool, panels: Sequence[Panel], fixed: dict[int, float]) -> Distribution:
    """The weights on the known panels that give every type at least its fixed probability
    (a shortfall s is allowed but penalised, for numerical safety) and the rest the most."""
    types, count = len(pool.types), len(panels)
    program = Program([0.0] * count + [0.0, 0.0], [1.0] * count + [1.0, INF], maximise=True)
    program.set_costs([0.0] * count + [1.0, -1000.0])
    program.add_row(dict.fromkeys(range(count), 1.0), 1.0, 1.0)
    for t in range(types):
        row = {i: p[t] / pool.counts[t] for i, p in enumerate(panels) if p[t]}
        if t in fixed:
            program.add_row({**row, count + 1: 1.0}, fixed[t], INF)
        else:
            program.add_row({**row, count: -1.0}, 0.0, INF)
    found = program.solve()
    if not found.optimal:  # pragma: no cover - the fixed probabilities were achieved
        raise RuntimeError("no distribution over the known panels")
    kept = [(p, w) for p, w in zip(panels, found.values[:count], strict=True) if w > 1e-10]
    total = sum(w for _, w in kept)
    weights = tuple(w / total for _, w in kept)
    chosen = tuple(p for p, _ in kept)
    return Distribution(
        panels=chosen,
        weights=weights,
        probabilities=probabilities(pool, chosen, weights),
    )


def probabilities(
    pool: Pool, panels: Sequence[Panel], weights: Sequence[float]
) -> tuple[float, ...]:
    """Each type's per-person probability under the given panel weights."""
    return tuple(
        sum(w * p[t] for p, w in zip(panels, weights, strict=True)) / n
        for t, n in enumerate(pool.counts)
    )
