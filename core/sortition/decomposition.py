"""Writing expected seats as a lottery over real panels: a walk through the panel polytope.

Given e, the expected seats per type (a point of the relaxation, e.g. the relaxed LEXIMIN),
repeat:
1. the box: each type between floor(e[t]) and ceil(e[t]); the face: a quota that e meets at
   its min or max must be met there by the panel too;
2. a real panel x in the box and the face (panels.PanelSearch.inside), preferring to round up
   the types with the largest fractional part, which lengthens the step;
3. the largest weight w such that e' = (e - w x) / (1 - w) stays in the box and within the
   quotas; x gets that share of what is left, and the walk continues from e'.
Each step makes at least one more type integral (it stays so: its box is a point) or one more
quota tight, so after at most types + quotas + 1 steps e' is itself a panel and the walk ends:
the panels, with their weights, give every type exactly e[t] expected seats (up to floating
point; the weight left below DONE is dropped). If the box holds no panel, the face alone is
tried (any panel in it allows a step, bounded by 0 and the type's count instead of the box);
if the face holds none either, e is not a lottery over real panels (possible: with three or
more categories the relaxation has fractional corners, and a step may lead out of the hull)
and the walk stops, returning the weight left for column generation (leximin.py). The walk is
capped at twice the step count above; it is deterministic (no random source).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from msgspec import Struct

from core.sortition.model import Pool, Quota
from core.sortition.panels import Panel, PanelSearch
from core.sortition.progress import OnProgress, Progress

SETTLED = 1e-9
"""How close to an integer, or to a quota's bound, counts as there."""
DONE = 1e-9
"""Remaining weight below which the walk stops (the weights are then renormalised)."""


class Decomposition(Struct, frozen=True, kw_only=True):
    panels: tuple[Panel, ...]
    weights: tuple[float, ...]
    """The panels' shares; they add up to 1 - left."""
    left: float
    """The weight not written as panels (0 when the walk ended)."""


def decompose(
    pool: Pool,
    quotas: Sequence[Quota],
    seats: int,
    expected: Sequence[float],
    progress: OnProgress | None = None,
) -> Decomposition:
    types = len(pool.types)
    counts = np.asarray(pool.counts, float)
    incidence = np.zeros((len(quotas), types))
    for i, q in enumerate(quotas):
        incidence[i, pool.types_with(q.category, q.value)] = 1.0
    minima = np.asarray([q.min for q in quotas], float)
    maxima = np.asarray([q.max for q in quotas], float)
    search = PanelSearch(pool, quotas, seats)
    remaining = np.clip(np.asarray(expected, float), 0.0, counts)  # = left * e
    left = 1.0
    found: dict[Panel, float] = {}
    for _ in range(2 * (types + len(quotas)) + 2):
        if left <= DONE:
            break
        e = np.clip(remaining / left, 0.0, counts)
        rows = incidence @ e
        at_min = rows <= minima + SETTLED
        at_max = rows >= maxima - SETTLED
        exact = {
            int(i): int(minima[i] if at_min[i] else maxima[i])
            for i in np.flatnonzero(at_min | at_max)
        }
        lower = np.minimum(np.floor(e + SETTLED), counts)
        upper = np.minimum(np.maximum(np.ceil(e - SETTLED), lower), counts)
        if progress is not None:
            settled = int(np.count_nonzero(lower == upper))
            progress(Progress(stage="panels", fixed=settled, types=types, panels=len(found)))
        step = _step(search, e, lower, upper, exact)
        if step is None:
            face_lower = np.where(e <= SETTLED, 0.0, np.where(e >= counts - SETTLED, counts, 0.0))
            face_upper = np.where(e <= SETTLED, 0.0, counts)
            step = _step(search, e, face_lower, face_upper, exact)
            lower, upper = face_lower, face_upper
        if step is None:
            break
        x = np.asarray(step, float)
        loose = ~(at_min | at_max)  # a tight quota is met exactly by x: it never limits
        share = min(
            _room(e, x, lower, upper),
            _room(rows[loose], (incidence @ x)[loose], minima[loose], maxima[loose]),
        )
        if share <= 0.0:
            break
        weight = share * left
        found[step] = found.get(step, 0.0) + weight
        remaining = np.clip(remaining - weight * x, 0.0, None)
        left -= weight
        if share >= 1.0:
            left = 0.0
    kept = sorted((p, w) for p, w in found.items() if w > 0.0)
    return Decomposition(
        panels=tuple(p for p, _ in kept), weights=tuple(w for _, w in kept), left=max(left, 0.0)
    )


def _step(
    search: PanelSearch,
    e: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    exact: dict[int, int],
) -> Panel | None:
    return search.inside(e - np.floor(e), lower, upper, exact)


def _room(e: np.ndarray, x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """The largest w in [0, 1] with lower <= (e - w x) / (1 - w) <= upper: moving away from x,
    a coordinate above x rises towards its upper bound, one below falls towards its lower."""
    share = 1.0
    above = x > e + SETTLED
    below = x < e - SETTLED
    if above.any():
        share = min(share, float(np.min(np.maximum(e - lower, 0.0)[above] / (x - lower)[above])))
    if below.any():
        share = min(share, float(np.min(np.maximum(upper - e, 0.0)[below] / (upper - x)[below])))
    return 0.0 if math.isnan(share) else share
