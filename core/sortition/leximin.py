"""Selection probabilities as equal as the quotas allow (Flanigan et al., Nature 2021), solved
over types: a person's probability is the expected number of seats of their type divided by the
number of respondents of that type.

How it is solved, fastest first:
1. LEXIMIN over the linear relaxation (relaxation.py): a few linear programs. It bounds every
   lottery over quota-satisfying panels from above: its first level bounds the minimum
   probability (`Distribution.bound`), its probabilities, sorted, bound any lottery's sorted
   probabilities lexicographically (`Distribution.target`).
2. The relaxed point is written as a lottery over real, quota-satisfying panels by a walk
   through the panel polytope (decomposition.py), one small program per panel. When the walk
   ends, the lottery attains the upper bound, so it IS the LEXIMIN, and maximin-optimal; the
   result carries the proof: `gap` (bound - minimum) and `shortfall` (largest target - achieved)
   are ~1e-9. This is the usual case: with two categories always (their quotas are totally
   unimodular), with Paris's four in every pool we tried.
3. Otherwise (the relaxed point lies outside the hull of real panels, or the walk took a step
   it could not finish), column generation takes over, seeded with the walk's panels: the
   restricted dual LP (weights y per type, one row per known panel) is solved; the pricing
   integer program looks for a panel whose dual-weighted value beats it; when none does, the
   stage is optimal (the pricing bound proves it, within TOLERANCE).
   - The first stage, MAXIMIN, always runs to that proof: the minimum is exact and `bound` is
     the proven optimum (+ TOLERANCE).
   - `leximin` then runs the next stages, each fixing every type whose dual weight is positive
     (by complementary slackness they sit at the stage's level in every optimal lottery) and
     raising the minimum of the rest, while at most ROUNDS new panels in all are priced in.
     Stages that end within that budget are exact; if it runs out, the types left are held at
     the level the last stage reached (reached, not proven best).
   - Over all the panels found, the final weights keep every type at its level and give each
     the largest common share of its relaxed LEXIMIN probability.
   So: the minimum is always exact; the later levels are exact unless the budget ran out, and
   in every case `shortfall` bounds how far any type lies below the relaxed LEXIMIN, itself a
   lexicographic upper bound on the true LEXIMIN.
`maximin` is the same with no rounds after the first stage. Every panel meets the quotas.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from msgspec import Struct

from core.sortition.decomposition import decompose
from core.sortition.feasibility import feasible_panel
from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, PanelSearch
from core.sortition.progress import OnProgress, Progress
from core.sortition.relaxation import Relaxed, relaxed_leximin
from core.sortition.solver import INF, Program

__all__ = ["TOLERANCE", "Distribution", "OnProgress", "Progress", "leximin", "maximin"]

TOLERANCE = 1e-7
"""How far from optimal a stage may stop, and how much a fixed probability is relaxed."""
ROUNDS = 100
"""At most this many panels are priced in to approach the relaxed LEXIMIN when the walk is
stuck (a fixed number, so that the same pool and quotas always give the same lottery)."""
PENALTY = 1e6
"""The cost of a shortfall below the maximin floor: since z <= 1, the floor can give at most
1 / PENALTY."""
LEFT_OVER = 1e-6
"""The walk's weight that may be left unwritten (the rest is renormalised) for its lottery to
count as the relaxed LEXIMIN's."""


class Distribution(Struct, frozen=True, kw_only=True):
    """A probability distribution over quota-satisfying panels, what it gives each person, and
    how close to the best it is proven to be."""

    panels: tuple[Panel, ...]
    weights: tuple[float, ...]
    probabilities: tuple[float, ...]
    """Per type: the selection probability of each person of that type."""
    bound: float = 1.0
    """Proven: no lottery over quota-satisfying panels gives everyone more than this."""
    target: tuple[float, ...] = ()
    """Per type, the relaxed LEXIMIN probabilities: no lottery's probabilities, sorted, are
    lexicographically above these, sorted (empty when not computed)."""

    @property
    def minimum(self) -> float:
        return min(self.probabilities)

    @property
    def gap(self) -> float:
        """How far the minimum may lie below the best possible (0: maximin-optimal)."""
        return max(0.0, self.bound - self.minimum)

    @property
    def shortfall(self) -> float:
        """The largest amount by which a type falls short of its relaxed LEXIMIN probability;
        ~0 proves the distribution is the LEXIMIN."""
        return max(
            (max(0.0, t - p) for t, p in zip(self.target, self.probabilities, strict=True)),
            default=float("nan"),
        )


def maximin(
    pool: Pool, quotas: Sequence[Quota], seats: int, progress: OnProgress | None = None
) -> Distribution:
    """The largest minimum probability any fair lottery can guarantee (when the relaxed
    LEXIMIN decomposes, as it usually does, the result is the LEXIMIN as well)."""
    return _solve(pool, quotas, seats, progress, rounds=0)


def leximin(
    pool: Pool, quotas: Sequence[Quota], seats: int, progress: OnProgress | None = None
) -> Distribution:
    """Maximise the minimum, then the second-lowest, and so on (LEXIMIN)."""
    return _solve(pool, quotas, seats, progress, rounds=ROUNDS)


def _solve(
    pool: Pool,
    quotas: Sequence[Quota],
    seats: int,
    progress: OnProgress | None,
    *,
    rounds: int,
) -> Distribution:
    witness = feasible_panel(pool, quotas, seats)
    relaxed = relaxed_leximin(pool, quotas, seats, progress)
    walk = decompose(pool, quotas, seats, relaxed.seats, progress)
    if walk.left <= LEFT_OVER:
        total = sum(walk.weights)
        weights = tuple(w / total for w in walk.weights)
        return Distribution(
            panels=walk.panels,
            weights=weights,
            probabilities=probabilities(pool, walk.panels, weights),
            bound=relaxed.bound,
            target=relaxed.levels,
        )
    return _columns(
        pool, quotas, seats, progress, relaxed=relaxed, seeds=[witness, *walk.panels], rounds=rounds
    )


def _columns(
    pool: Pool,
    quotas: Sequence[Quota],
    seats: int,
    progress: OnProgress | None,
    *,
    relaxed: Relaxed,
    seeds: Sequence[Panel],
    rounds: int,
) -> Distribution:
    """When the walk is stuck: the exact maximin by column generation; then the exact LEXIMIN
    stages while at most `rounds` more panels in all are priced in; then, over the panels
    found, the lottery nearest the relaxed LEXIMIN that keeps every level reached."""
    types = len(pool.types)
    panels = list(dict.fromkeys(seeds))
    search = PanelSearch(pool, quotas, seats)
    fixed = _cover(pool, search, panels)
    bound = 0.0 if fixed else relaxed.bound  # no real panel seats the types fixed at 0
    stage = 0
    while len(fixed) < types:
        if progress is not None:
            name = "maximin" if stage == 0 else "leximin"
            progress(Progress(stage=name, fixed=len(fixed), types=types, panels=len(panels)))
        value, duals, spent = _stage(pool, search, panels, fixed, None if stage == 0 else rounds)
        level = max(0.0, value - TOLERANCE)
        if stage == 0:
            bound = min(bound, value + TOLERANCE)
        stage += 1
        rounds -= 0 if stage == 1 else spent
        if rounds <= 0:  # the stage may have stopped short: its value is reached, not proven
            fixed.update((t, level) for t in range(types) if t not in fixed)
            break
        tight = [t for t, y in enumerate(duals) if t not in fixed and y > TOLERANCE * 0.1]
        fixed.update((t, level) for t in tight or range(types) if t not in fixed)
    chosen, weights = _towards(pool, panels, [fixed[t] for t in range(types)], relaxed.levels)
    return Distribution(
        panels=chosen,
        weights=weights,
        probabilities=probabilities(pool, chosen, weights),
        bound=bound,
        target=relaxed.levels,
    )


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
    pool: Pool,
    search: PanelSearch,
    panels: list[Panel],
    fixed: dict[int, float],
    rounds: int | None,
) -> tuple[float, list[float], int]:
    """Column generation on the dual: min y0 - sum_fixed pi_t y_t, subject to
    sum_t y_t x_t/n_t <= y0 for every panel, sum_unfixed y_t = 1, y >= 0. Ends when the
    pricing proves no panel improves (the value is then optimal within TOLERANCE) or after
    `rounds` new panels (the value is then only reached); returns the value, the duals y and
    the panels added."""
    types = len(pool.types)
    program = Program([0.0] * types + [-INF], [INF] * types + [INF], maximise=False)
    program.set_costs([-fixed.get(t, 0.0) for t in range(types)] + [1.0])
    program.add_row({t: 1.0 for t in range(types) if t not in fixed}, 1.0, 1.0)
    known = set(panels)
    for known_panel in panels:
        program.add_row(_row(pool, known_panel, types), -INF, 0.0)
    added = 0
    while True:
        restricted = program.solve()
        duals = list(restricted.values[:types])
        if rounds is not None and added >= rounds:
            return restricted.objective, duals, added
        weights = [y / n for y, n in zip(duals, pool.counts, strict=True)]
        panel = search.improving(weights, restricted.values[types] + TOLERANCE)
        if panel is None or panel in known:
            return restricted.objective, duals, added
        known.add(panel)
        panels.append(panel)
        program.add_row(_row(pool, panel, types), -INF, 0.0)
        added += 1


def _row(pool: Pool, panel: Panel, types: int) -> dict[int, float]:
    row = {t: x / pool.counts[t] for t, x in enumerate(panel) if x}
    row[types] = -1.0
    return row


def _towards(
    pool: Pool, panels: Sequence[Panel], floor: Sequence[float], target: Sequence[float]
) -> tuple[tuple[Panel, ...], tuple[float, ...]]:
    """The weights on the known panels that keep every type at its floor and give each the
    largest common share z of its target: max z - PENALTY s subject to p_t >= z target_t and
    p_t + s >= floor_t (a shortfall s below the floors is allowed but penalised, for numerical
    safety), weights adding up to 1."""
    types, count = len(pool.types), len(panels)
    program = Program([0.0] * count + [0.0, 0.0], [1.0] * count + [1.0, INF], maximise=True)
    program.set_costs([0.0] * count + [1.0, -PENALTY])
    program.add_row(dict.fromkeys(range(count), 1.0), 1.0, 1.0)
    for t in range(types):
        row = {i: p[t] / pool.counts[t] for i, p in enumerate(panels) if p[t]}
        if target[t] > 0.0:
            program.add_row({**row, count: -target[t]}, 0.0, INF)
        if floor[t] > 0.0:
            program.add_row({**row, count + 1: 1.0}, floor[t], INF)
    found = program.solve()
    if not found.optimal:  # pragma: no cover - the floors were reached over these panels
        raise RuntimeError("no distribution over the known panels")
    kept = [(p, w) for p, w in zip(panels, found.values[:count], strict=True) if w > 1e-10]
    total = sum(w for _, w in kept)
    return tuple(p for p, _ in kept), tuple(w / total for _, w in kept)


def probabilities(
    pool: Pool, panels: Sequence[Panel], weights: Sequence[float]
) -> tuple[float, ...]:
    """Each type's per-person probability under the given panel weights."""
    if not panels:
        return tuple(0.0 for _ in pool.counts)
    # Summed by numpy, not BLAS (see rounding._times: the same inputs give the same numbers).
    seats = (np.asarray(panels, float) * np.asarray(weights, float)[:, None]).sum(axis=0)
    chances: list[float] = (seats / np.asarray(pool.counts, float)).tolist()
    return tuple(chances)
