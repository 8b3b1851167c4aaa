"""Quota-satisfying panels, as type-count vectors: x[t] seats for type t, 0 <= x[t] <= count[t],
sum(x) = seats, and every quota's min <= (seats of its value) <= max. The integer program that
finds the best such panel for given weights is the pricing step of column generation."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from core.sortition.model import Panel, Pool, Quota, satisfies
from core.sortition.solver import Program

__all__ = ["Panel", "PanelSearch", "satisfies"]
INTEGRALITY = 1e-9
SPREAD = 0.01
TRIES = 6
ROUNDINGS = 2
ENUMERATE = 12
GOLDEN = 0.6180339887498949
"""The nudge of type t at attempt a is SPREAD * frac((t + 1) * a * GOLDEN): deterministic,
well spread (Weyl's sequence), no random source."""


class PanelSearch:
    """The best quota-satisfying panel for a weight per type (maximise sum w[t] x[t]).

    The linear relaxation is tried first: it takes milliseconds where the integer program takes
    tens, and when its optimum is integral it is the integer optimum too (it is, most of the
    time, for quotas of this shape). Otherwise the integer program decides."""

    def __init__(self, pool: Pool, quotas: Sequence[Quota], seats: int) -> None:
        self._size = len(pool.types)
        # Row 0 is the panel size, row 1 + i quota i (as in the programs below).
        self._incidence = np.zeros((1 + len(quotas), self._size))
        self._incidence[0] = 1.0
        for i, q in enumerate(quotas):
            self._incidence[1 + i, pool.types_with(q.category, q.value)] = 1.0
        self._low = np.asarray([seats] + [q.min for q in quotas], dtype=float)
        self._high = np.asarray([seats] + [q.max for q in quotas], dtype=float)
        self._relaxed = self._program(pool, quotas, seats, integer=False)
        self._integer = self._program(pool, quotas, seats, integer=True)
        types = np.arange(1, self._size + 1)
        self._nudges = [SPREAD * (types * a * GOLDEN % 1.0) for a in range(1, TRIES + 1)]
        """The nudges of `inside`, attempt by attempt (the same numbers as the formula's)."""

    def _program(
        self, pool: Pool, quotas: Sequence[Quota], seats: int, *, integer: bool
    ) -> Program:
        program = Program([0.0] * self._size, [float(n) for n in pool.counts], integer=integer)
        program.add_row(dict.fromkeys(range(self._size), 1.0), seats, seats)
        for q in quotas:
            members = pool.types_with(q.category, q.value)
            program.add_row(dict.fromkeys(members, 1.0), q.min, q.max)
        return program

    def best(self, weights: Sequence[float]) -> tuple[Panel, float] | None:
        """The best panel and a proven upper bound on any panel's weight; None if no panel
        satisfies the quotas."""
        self._relaxed.set_costs(weights)
        relaxed = self._relaxed.solve()
        if relaxed.optimal and _integral(relaxed.values):
            return _panel(relaxed.values), relaxed.bound
        self._integer.set_costs(weights)
        found = self._integer.solve()
        if not found.optimal:
            return None
        return _panel(found.values), found.bound

    def good(self, weights: Sequence[float]) -> Panel:
        """A near-best panel, fast: the relaxation if integral, else the best in its rounding
        neighbourhood, else the exact integer optimum."""
        self._relaxed.set_costs(weights)
        relaxed = self._relaxed.solve()
        if relaxed.optimal and _integral(relaxed.values):
            return _panel(relaxed.values)
        self._integer.set_costs(weights)
        if relaxed.optimal:
            near = self._integer.solve_within(
                [math.floor(v + INTEGRALITY) for v in relaxed.values],
                [math.ceil(v - INTEGRALITY) for v in relaxed.values],
            )
            if near.optimal:
                return _panel(near.values)
        found = self._integer.solve()
        if not found.optimal:  # pragma: no cover - callers check feasibility first
            raise RuntimeError("no panel meets the quotas")
        return _panel(found.values)

    def improving(self, weights: Sequence[float], threshold: float) -> Panel | None:
        """A panel worth more than the threshold, or None when none exists (proven by the
        relaxation's or the integer program's bound). Column generation needs a good panel
        each round but the best one only to stop, so a fractional relaxation is first rounded
        within its neighbourhood (each x[t] between the floor and ceiling of its value)."""
        self._relaxed.set_costs(weights)
        relaxed = self._relaxed.solve()
        if not relaxed.optimal or relaxed.bound <= threshold:
            return None
        if _integral(relaxed.values):
            return _panel(relaxed.values)
        self._integer.set_costs(weights)
        near = self._integer.solve_within(
            [math.floor(v + INTEGRALITY) for v in relaxed.values],
            [math.ceil(v - INTEGRALITY) for v in relaxed.values],
        )
        if near.optimal and near.objective > threshold:
            return _panel(near.values)
        found = self._integer.solve()
        if not found.optimal or found.objective <= threshold:
            return None
        return _panel(found.values)

    def inside(
        self,
        weights: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        exact: Mapping[int, int],
    ) -> Panel | None:
        """A good panel with lower[t] <= x[t] <= upper[t] and quota i met with exactly exact[i]
        seats, or None when there is none.

        The linear relaxation first, its weights nudged by up to SPREAD (a fixed, documented
        sequence) to break the many ties that otherwise land on fractional corners; when its
        optimum is fractional, the fractional types alone are rounded by a small integer
        program (the others kept); after TRIES nudges, the integer program over the whole box
        decides, with a loose gap (any panel in the box serves; a good one lengthens the step)."""
        rows = {1 + i: (float(c), float(c)) for i, c in exact.items()}
        corners = []
        with self._relaxed.narrowed(lower, upper, rows):
            for nudge in self._nudges:
                costs = weights + nudge
                self._relaxed.set_costs(costs)
                relaxed = self._relaxed.solve()
                if not relaxed.optimal:
                    return None
                if _integral(relaxed.values):
                    return _panel(relaxed.values)
                corners.append((costs, relaxed.values))
        for costs, values in corners[:ROUNDINGS]:
            rounded = self._round(costs, values, exact)
            if rounded is not None:
                return rounded
        self._integer.set_costs(weights)
        found = self._integer.solve_within(lower, upper, rows, gap=1.0)
        return _panel(found.values) if found.optimal else None

    def _round(
        self, weights: np.ndarray, values: Sequence[float], exact: Mapping[int, int]
    ) -> Panel | None:
        """Keep the integral part of a fractional optimum; each fractional x[t] goes to its
        floor or its ceiling: the best such choice meeting the quotas, all 2**k choices
        compared when the k fractional types are few, else by an integer program over them."""
        x = np.asarray(values, dtype=float)
        fractional = np.flatnonzero(np.abs(x - np.round(x)) >= INTEGRALITY)
        base = np.round(x)
        base[fractional] = np.floor(x[fractional])
        low, high = self._low.copy(), self._high.copy()
        for i, c in exact.items():
            low[1 + i] = high[1 + i] = c
        used = self._incidence @ base
        part = self._incidence[:, fractional]
        if len(fractional) <= ENUMERATE:
            choices = (np.arange(2 ** len(fractional))[:, None] >> np.arange(len(fractional))) & 1
            seats = part @ choices.T + used[:, None]
            meets = np.all((seats >= low[:, None] - 0.5) & (seats <= high[:, None] + 0.5), axis=0)
            if not meets.any():
                return None
            scores = np.where(meets, choices @ weights[fractional], -np.inf)
            base[fractional] += choices[int(np.argmax(scores))]
            return _panel(base.tolist())
        program = Program([0.0] * len(fractional), [1.0] * len(fractional), integer=True)
        program.set_costs(weights[fractional])
        for r in range(len(low)):
            inside = {int(i): 1.0 for i in np.flatnonzero(part[r])}
            if inside:
                program.add_row(inside, low[r] - used[r], high[r] - used[r])
            elif not low[r] <= used[r] <= high[r]:
                return None
        found = program.solve()
        if not found.optimal:
            return None
        base[fractional] += np.round(found.values)
        return _panel(base.tolist())


def _integral(values: Sequence[float]) -> bool:
    x = np.asarray(values, dtype=float)
    return bool(np.all(np.abs(x - np.rint(x)) < INTEGRALITY))


def _panel(values: Sequence[float]) -> Panel:
    counts: list[int] = np.rint(np.asarray(values, dtype=float)).astype(np.int64).tolist()
    return tuple(counts)
