"""Rounding a lottery over panels to m equally likely tickets, with a proven bound on how far any
person's selection probability moves (Flanigan, Kehne, Procaccia, "Fair Sortition Made
Transparent", NeurIPS 2021: Beck-Fiala style iterated rounding).

The problem. Panel j has weight w_j; y_j = m * w_j tickets would be exact. A person of type t
(n_t people, x_j[t] of them seated by panel j) is chosen with probability
sum_j w_j * a[t, j], where a[t, j] = x_j[t] / n_t is in [0, 1]. With z_j whole tickets, their
probability moves by D_t / m, where D_t = sum_j (z_j - y_j) * a[t, j].

Iterated rounding (deterministic, no random source). Every z_j starts at y_j; the fractional ones
(F) move, in [floor y_j, ceil y_j], along directions that keep the number of tickets (m) and
every "held" type's D_t exactly; a variable that reaches a whole number is fixed. A direction
exists while the held types number at most |F| - 2 (with the ticket count, at most |F| - 1
equations in |F| unknowns). So while more are held, a held type whose fractional weight
s_t = sum_{j in F} a[t, j] is no more than the average of the held types' is let go (the types
far from the LEXIMIN's minimum first, then the lighter), and from then on its D_t moves by less
than s_t (each of those variables moves by less than 1 ticket). Of the two directions, the one
that leaves the lowest probability higher, else the largest |D| smaller, is taken (ties: +).
The directions are not recomputed at each step: nullspace.py keeps the system reduced and
updates it by one pivot per panel made whole or type let go (|F|^2 work each instead of an
|F|^3 elimination; 100,000 respondents' ~680 panels round in a few seconds instead of ~30),
and every direction is checked against the held rows and the ticket count (off by more than
RESIDUAL: the system is reduced afresh), so the proof's premise is what is computed.

The bound (proved here; the paper's Beck-Fiala bound is k/m, k the panel size). Let c_j =
sum_t a[t, j] (at most the panel size k, less when types have several people) and C = max c_j
over the panels that start fractional, a_max = max a[t, j]. A type is let go only when at least
|F| - 1 types are held, and it weighs no more than their average, so
    s_t <= (sum over held types of s) / (|F| - 1) <= (sum_{j in F} c_j) / (|F| - 1)
        <= C * |F| / (|F| - 1),            and also s_t <= |F| * a_max.
Hence every person's probability moves by less than
    BOUND = max over 2 <= f <= |F| of min(f * a_max, C * f / (f - 1))   tickets, over m,
which is at most (C + a_max) / m <= (k + 1) / m, and a type never let go moves by 0
(`bound` adds NOISE, 1e-9, for floating point).

Then an improvement step, from the iterated rounding and from largest remainders when their
largest |D| is no larger: one ticket at a time is moved from one panel to another while that
raises the lowest probability towards the LEXIMIN's minimum (the largest shortfall below it,
then their sum), or else lowers the largest |D|, or else the sum of D squared, at most MOVES
times and within WORK evaluations; no move takes the largest |D| above its start's, so the
bound holds; the better of the two results is kept.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from msgspec import Struct

from core.sortition.model import Panel
from core.sortition.nullspace import Directions
from core.sortition.progress import OnProgress, Progress

WHOLE = 1e-9
"""A variable this close to a whole number of tickets is that number."""
NOISE = 1e-9
"""Added to the bound: the probabilities are computed in floating point (a lottery that needs
no rounding still differs from itself by ~1e-16)."""
MOVES = 200
WORK = 400_000_000
"""The improvement step's budget: at most this many (type, move) deviations, counted as if
every move were evaluated at every step (the pruning below evaluates fewer, and finds the same
moves: the budget, hence the lottery, does not depend on it)."""
RAISE = 1e-7
"""A move must lower the largest shortfall by more than this to be found among the moves that
raise the types short by the most alone (otherwise all moves are evaluated)."""
LEVEL = 1e-8
"""The types this close to the largest shortfall count as short by the most."""
REPORT = 25
"""Steps of the rounding between two progress reports."""
RESIDUAL = 1e-11
"""A direction that moves a held D_t or the ticket count by more is recomputed afresh."""
CHUNK = 2_000_000
"""At most this many at once (16 MB)."""


class Rounded(Struct, frozen=True, kw_only=True):
    counts: tuple[int, ...]
    """Tickets per panel, in the order given (0: the panel is not on the list)."""
    bound: float
    """Proven: no person's probability moves by this much or more (a probability, not tickets)."""
    deviation: float
    """Measured: the largest move of any person's probability."""


def iterated(
    panels: Sequence[Panel],
    weights: Sequence[float],
    counts: Sequence[int],
    tickets: int,
    progress: OnProgress | None = None,
) -> Rounded:
    """The ticket counts of `panels` (weights summing to 1) for a pool whose types have
    `counts` people, with the proven bound and the measured deviation (`progress`: every
    REPORT steps, how many of the fractional panels are whole)."""
    people = np.asarray(counts, float)
    a = (np.asarray(panels, float).reshape(len(panels), len(people)) / people).T
    total = float(sum(weights))
    y = np.array([tickets * w / total for w in weights], float)
    z = y.copy()
    whole = np.abs(z - np.round(z)) <= WHOLE
    z[whole] = np.round(z[whole])
    floating = [j for j in range(len(z)) if not whole[j]]
    bound = _bound(a, floating) / tickets + NOISE
    held = np.flatnonzero((a[:, floating] > 0.0).any(axis=1)).tolist()
    low, high = np.floor(z), np.ceil(z)
    exact = _times(a, y)
    lowest = exact <= float(exact.min(initial=0.0)) + 1.0  # within a ticket of the minimum
    gap = _times(a, z) - exact
    rows = np.ascontiguousarray(a.T)  # a panel's column of a, contiguous: gathered each step
    directions: Directions | None = None
    fractional, steps = len(floating), 0
    while len(floating) > 1:
        if progress is not None and steps % REPORT == 0:
            settled = fractional - len(floating)
            progress(Progress(stage="rounding", fixed=settled, types=fractional, panels=len(z)))
        steps += 1
        columns = rows[floating]
        weight = columns.sum(axis=0)  # each type's fractional weight s_t
        kept = _let_go(held, weight[held], max(0, len(floating) - 2), lowest)
        if directions is None:
            directions = Directions(a, kept, floating)
        else:
            directions.release(sorted(set(held) - set(kept)))
        held = kept
        direction = directions.direction()
        along = (columns * direction[:, None]).sum(axis=0)  # D's change per unit of the move
        if _residual(along[held], direction) > RESIDUAL:  # rounding errors: start afresh
            directions = Directions(a, held, floating)
            direction = directions.direction()
            along = (columns * direction[:, None]).sum(axis=0)
        z, gap = _step(
            exact, z, gap, floating=floating, direction=direction, along=along, low=low, high=high
        )
        at = np.asarray(floating)
        moving = at[(low[at] + WHOLE < z[at]) & (z[at] < high[at] - WHOLE)].tolist()
        directions.leave(sorted(set(floating) - set(moving)))
        floating = moving
    ints = [round(v) for v in z]
    if sum(ints) != tickets:  # pragma: no cover - the ticket count is kept exactly
        raise RuntimeError(f"rounding kept {sum(ints)} tickets, not {tickets}")
    ints = _best(a, y, ints, list(largest_remainders(weights, tickets)))
    gap = _times(a, np.array(ints, float) - y)
    return Rounded(
        counts=tuple(ints),
        bound=bound,
        deviation=float(np.abs(gap).max()) / tickets if gap.size else 0.0,
    )


def _times(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """a @ v without BLAS, whose threads make it slow on a busy machine and whose summation
    order may differ between machines; the same inputs give the same rounding."""
    out: np.ndarray = (a * v).sum(axis=1)
    return out


def _residual(moved: np.ndarray, direction: np.ndarray) -> float:
    """How far the direction is from keeping the held types' D (`moved`: how much it moves
    them) and the ticket count."""
    return max(float(np.abs(moved).max(initial=0.0)), abs(float(direction.sum())))


def _bound(a: np.ndarray, floating: Sequence[int]) -> float:
    """BOUND in tickets (see the module's docstring)."""
    if len(floating) < 2:
        return 0.0
    columns = a[:, floating]
    c = float(columns.sum(axis=0).max())
    a_max = float(columns.max())
    return max(min(f * a_max, c * f / (f - 1)) for f in range(2, len(floating) + 1))


def _let_go(held: list[int], weight: np.ndarray, keep: int, lowest: np.ndarray) -> list[int]:
    """Types let go until `keep` are held (a type with no fractional weight left is simply
    done: nothing can move it). Each one let go weighs no more than the average of those held
    at that moment (all the proof needs, see the module's docstring); among those, the types
    far from the minimum go first (the minimum is what LEXIMIN raised first), then the lighter,
    then the lower type. Letting go of a type at most the average never lowers the average, so
    the types eligible only grow, in order of weight: of those, the first far from the minimum
    not yet let go, else the first near it (what a heap keyed (near, weight, type) would pop)."""
    types = np.asarray(held, dtype=np.int64)
    alive = weight > 0.0
    ts, ws = types[alive], np.asarray(weight, float)[alive]
    if len(ts) <= keep:
        return sorted(ts.tolist())
    order = np.lexsort((ts, ws))  # by weight, then type
    weights: list[float] = ws[order].tolist()
    near = np.asarray(lowest, bool)[ts[order]]
    far_first, near_first = np.flatnonzero(~near).tolist(), np.flatnonzero(near).tolist()
    total = sum(ws.tolist())  # in the types' order, as the weights are subtracted below
    count = len(weights)
    gone = np.zeros(count, bool)
    fed = far = close = 0
    while count > keep:
        fed = max(fed, bisect.bisect_right(weights, total / count + 1e-12))
        if far < len(far_first) and far_first[far] < fed:
            at, far = far_first[far], far + 1
        else:
            at, close = near_first[close], close + 1
            if at >= fed:  # pragma: no cover - the lightest always weighs at most the average
                raise RuntimeError("no type at most the average to let go")
        gone[at] = True
        total -= weights[at]
        count -= 1
    return sorted(ts[order][~gone].tolist())


def _step(
    exact: np.ndarray,
    z: np.ndarray,
    gap: np.ndarray,
    *,
    floating: Sequence[int],
    direction: np.ndarray,
    along: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Move along +direction or -direction until a variable is whole: the one leaving the
    lowest probability higher (nearer the LEXIMIN's minimum), then the largest |D| smaller.
    Returns the new z and D (`gap`, each type's D, updated by the move; `along`: D's change
    per unit of the direction)."""
    floor = float(exact.min(initial=0.0))
    best: tuple[tuple[float, ...], np.ndarray, np.ndarray] | None = None
    at = np.asarray(floating)
    lows, highs, now = low[at], high[at], z[at]
    for sign in (1.0, -1.0):
        d = sign * direction
        limits = np.where(d > 0, highs - now, lows - now)[np.abs(d) > 1e-12]
        length = float((limits / d[np.abs(d) > 1e-12]).min())
        moved = z.copy()
        ends = now + length * d
        ends = np.where(np.abs(ends - lows) <= WHOLE, lows, ends)  # an end is exactly whole
        moved[at] = np.where(np.abs(ends - highs) <= WHOLE, highs, ends)
        after = gap + (sign * length) * along
        score = _score_of(exact, after, floor)
        if best is None or _less(score, best[0]):
            best = (score, moved, after)
    assert best is not None
    return best[1], best[2]


def _best(a: np.ndarray, y: np.ndarray, rounded: list[int], remainders: list[int]) -> list[int]:
    """The improvement step from the iterated rounding, and from largest remainders too when
    their largest |D| is no larger (so the bound holds for either); the better result."""
    starts = [rounded]
    if _worst(a, y, remainders) <= _worst(a, y, rounded) + 1e-12:
        starts.append(remainders)
    found = [_improve(a, y, start) for start in starts]
    return min(found, key=lambda counts: _score(a, y, counts))


def _worst(a: np.ndarray, y: np.ndarray, counts: list[int]) -> float:
    gap = _times(a, np.array(counts, float) - y)
    return float(np.abs(gap).max()) if gap.size else 0.0


def _score(a: np.ndarray, y: np.ndarray, counts: list[int]) -> tuple[float, ...]:
    exact = _times(a, y)
    after = (_times(a, np.array(counts, float)) - exact)[:, None]
    return tuple(round(float(v), 9) for v in _key(exact, after)[:, 0])


def _key(exact: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Per candidate (column of `after`, each type's D): the largest shortfall below the
    LEXIMIN's minimum, their sum, the largest |D|, the sum of D squared."""
    floor = float(exact.min()) if exact.size else 0.0
    short = np.maximum(0.0, floor - (exact[:, None] + after))
    return np.vstack(
        [
            short.max(axis=0),
            short.sum(axis=0),
            np.abs(after).max(axis=0),
            (after * after).sum(axis=0),
        ]
    )


def _improve(a: np.ndarray, y: np.ndarray, counts: list[int]) -> list[int]:
    """Move single tickets while that raises the lowest probability towards the LEXIMIN's
    minimum, or else lowers the largest |D|, or else the sum of D squared; never above the
    largest |D| the start had (so the bound holds).

    A move changes each D_t by less than 1 in absolute value (a[t, j] is in [0, 1]), so only
    the types within 1 of the LEXIMIN's minimum or of the largest |D| are looked at for the
    first three; the sum of squares is updated exactly through the panels' Gram matrix.

    The moves are pruned without changing the one chosen: while some type is short, a move
    lowers the largest shortfall only if its target panel seats every type short by the most
    (within LEVEL): a move to another panel leaves one of them where it is, or lower. So those
    targets are evaluated first; when the best of them lowers the largest shortfall by more
    than RAISE, every other move is worse on the first key by more than the 1e-9 by which the
    keys are compared, and it is the move all of them would give; otherwise all are
    evaluated."""
    z = np.array(counts, float)
    exact = _times(a, y)  # m times each type's LEXIMIN probability
    floor = float(exact.min()) if exact.size else 0.0
    gap = _times(a, z) - exact
    if not gap.size:
        return counts
    ceiling = float(np.abs(gap).max())
    gram = _gram(a)
    along = (a * gap[:, None]).sum(axis=0)  # a^T D
    size = a.shape[1]
    panels = np.arange(size)
    work = 0
    for _ in range(MOVES):
        worst = float(np.abs(gap).max())
        rows = np.flatnonzero((exact + gap - 1.0 < floor) | (np.abs(gap) >= worst - 1.0 - 1e-9))
        sources = np.flatnonzero(z >= 1)
        work += len(rows) * len(sources) * size
        if work > WORK:
            break
        now = _score_of(exact, gap, floor)
        sub, above = a[rows], exact[rows] - floor
        step = _Step(sub, gap[rows], above, sources, float(gap @ gap), gram, along, ceiling)
        move = None
        if now[0] > RAISE:  # first the moves that may raise every type short by the most
            short = np.maximum(0.0, -(above + gap[rows]))
            worst_short = short >= now[0] - LEVEL
            targets = np.flatnonzero((sub[worst_short] > 0.0).all(axis=0))
            move = _best_move(step, targets)
            if move is not None and not move[2][0] < now[0] - RAISE:
                move = None
        if move is None:
            move = _best_move(step, panels)
        if move is None or not _less(move[2], now):
            break
        j, k = move[0], move[1]
        z[j] -= 1
        z[k] += 1
        gap = gap - a[:, j] + a[:, k]
        along = along - gram[:, j] + gram[:, k]
    return [int(v) for v in z]


def _gram(a: np.ndarray) -> np.ndarray:
    """The panels' Gram matrix a^T a, row j summed over the types panel j seats only, in the
    types' order: the same numbers as summing over all types (the others add exact zeros),
    without BLAS (see `_times`)."""
    gram = np.zeros((a.shape[1], a.shape[1]))
    for j in range(a.shape[1]):
        seated = np.flatnonzero(a[:, j])
        gram[j] = (a[seated] * a[seated, j : j + 1]).sum(axis=0)
    return gram


@dataclass(frozen=True)
class _Step:
    """One step of the improvement: the types looked at (`sub`: their rows of a, their D and
    how far above the minimum they are), the panels a ticket may leave, the sum of D squared,
    the Gram matrix, a^T D and the largest |D| allowed."""

    sub: np.ndarray
    gap: np.ndarray
    above: np.ndarray
    sources: np.ndarray
    squared: float
    gram: np.ndarray
    along: np.ndarray
    ceiling: float


def _best_move(step: _Step, targets: np.ndarray) -> tuple[int, int, tuple[float, ...]] | None:
    """Of the moves of one ticket from a source to a target panel that keep the largest |D|
    within the ceiling: the smallest by the keys in order (each within 1e-9 of its minimum
    among those left), the first of those; its source, target and keys."""
    sources, gram, along = step.sources, step.gram, step.along
    if not targets.size:
        return None
    near = _near(step.sub, step.gap, step.above, sources, targets)
    diag = np.diag(gram)
    squares = (
        step.squared
        + 2.0 * (along[None, targets] - along[sources][:, None])
        + diag[None, targets]
        + diag[sources][:, None]
        - 2.0 * gram[np.ix_(sources, targets)]
    )
    keys = [*near, squares]
    allowed = keys[2] <= step.ceiling + 1e-12
    own = np.searchsorted(targets, sources)
    mine = (own < len(targets)) & (targets[np.minimum(own, len(targets) - 1)] == sources)
    allowed[np.flatnonzero(mine), own[mine]] = False  # a ticket to its own panel
    if not allowed.any():
        return None
    for key in keys:
        allowed &= key <= key[allowed].min() + 1e-9
    s_at, k_at = (int(v) for v in np.argwhere(allowed)[0])
    found = tuple(float(key[s_at, k_at]) for key in keys)
    return int(sources[s_at]), int(targets[k_at]), found


def _near(
    sub: np.ndarray,
    gap: np.ndarray,
    above: np.ndarray,
    sources: np.ndarray,
    targets: np.ndarray,
) -> list[np.ndarray]:
    """For every move (source, target panel), over the given types: the largest shortfall
    below the LEXIMIN's minimum, their sum, the largest |D| (each the same number whatever
    the targets: what is per panel is worked out over all of them, then taken).

    A move from s to k changes D by -a[:, s] + a[:, k]; a panel seats few of the types, so
    for a given source each key is the one of D - a[:, s] over the types k does not seat (the
    largest of those: the first of the L + 1 largest that k does not seat, L the most types
    a panel seats; the sum: all of them less k's) combined with the types k seats. Sources go
    in chunks, to bound memory (CHUNK numbers at once)."""
    types = sub.shape[0]
    seated = sub != 0.0
    width = max(1, int(seated.sum(axis=0).max(initial=0)))
    order = np.argsort(~seated, axis=0, kind="stable")[:width].T  # k's types first
    mask = np.take_along_axis(seated.T, order, axis=1)  # size x width
    where = np.where(mask, order, types)  # `types`: a type that is never short, D 0
    entries = np.where(mask, np.take_along_axis(sub.T, order, axis=1), 0.0)[targets]
    # Minus how far each is above the minimum; -inf where k seats no type (its D stays 0, so
    # its shortfall is 0: no mask needed below, the same numbers as with one).
    sunk = -np.append(above, np.inf)[where][targets]
    where, seated = where[targets], seated[:, targets]
    top = min(types, width + 1)
    parts: list[list[np.ndarray]] = [[], [], []]
    chunk = max(1, CHUNK // max(1, len(targets) * width, types * top))
    for start in range(0, len(sources), chunk):
        some = sources[start : start + chunk]
        left = gap[None, :] - sub[:, some].T  # D after a ticket leaves each source
        short = np.maximum(0.0, -(above[None, :] + left))
        outside = [_largest_outside(values, seated, top) for values in (short, np.abs(left))]
        held = np.concatenate([left, np.zeros((len(some), 1))], axis=1)[:, where]
        after = held + entries[None, :, :]
        was = np.subtract(sunk[None, :, :], held, out=held)  # -(above + D), as below
        np.maximum(0.0, was, out=was)
        now = np.subtract(sunk[None, :, :], after)
        np.maximum(0.0, now, out=now)
        parts[0].append(np.maximum(outside[0], now.max(axis=2)))
        parts[1].append(short.sum(axis=1)[:, None] - was.sum(axis=2) + now.sum(axis=2))
        parts[2].append(np.maximum(outside[1], np.abs(after, out=after).max(axis=2)))
    return [np.vstack(p) for p in parts]


def _largest_outside(values: np.ndarray, seated: np.ndarray, top: int) -> np.ndarray:
    """Per row of `values` (a source) and per panel k: the largest value over the types k
    does not seat (0 if it seats them all; every value here is >= 0)."""
    if top < values.shape[1]:
        best = np.argpartition(-values, top - 1, axis=1)[:, :top]
    else:
        best = np.broadcast_to(np.arange(values.shape[1]), values.shape).copy()
    picked = np.take_along_axis(values, best, axis=1)
    ranked = np.argsort(-picked, axis=1, kind="stable")
    best = np.take_along_axis(best, ranked, axis=1)
    picked = np.take_along_axis(picked, ranked, axis=1)
    inside = seated[best]  # sources x top x panels: is that type seated by k
    first = np.argmax(~inside, axis=1)  # sources x panels: the first not seated
    found = np.take_along_axis(picked, first, axis=1)
    out: np.ndarray = np.where((~inside).any(axis=1), found, 0.0)
    return out


def _score_of(exact: np.ndarray, gap: np.ndarray, floor: float) -> tuple[float, ...]:
    short = np.maximum(0.0, floor - (exact + gap))
    return (
        float(short.max()),
        float(short.sum()),
        float(np.abs(gap).max()),
        float(gap @ gap),
    )


def _less(first: tuple[float, ...], second: tuple[float, ...]) -> bool:
    """Lexicographically smaller, by more than rounding noise."""
    for x, y in zip(first, second, strict=True):
        if x < y - 1e-9:
            return True
        if x > y + 1e-9:
            return False
    return False


def largest_remainders(weights: Sequence[float], tickets: int) -> tuple[int, ...]:
    """The first rounding (facts before `rounding` was recorded): floor(m * w) each, and the
    tickets left over to the largest fractional parts (ties: the earlier panel)."""
    total = sum(weights)
    shares = [tickets * w / total for w in weights]
    counts = [math.floor(s) for s in shares]
    left = tickets - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in by_remainder[:left]:
        counts[i] += 1
    return tuple(counts)
