"""Quota-satisfying panels, as type-count vectors: x[t] seats for type t, 0 <= x[t] <= count[t],
sum(x) = seats, and every quota's min <= (seats of its value) <= max. The integer program that
finds the best such panel for given weights is the pricing step of column generation."""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.sortition.model import Pool, Quota
from core.sortition.solver import Program

Panel = tuple[int, ...]
INTEGRALITY = 1e-9


def satisfies(panel: Panel, pool: Pool, quotas: Sequence[Quota], seats: int) -> bool:
    """The auditor's check of one ticket, without a solver."""
    if len(panel) != len(pool.types) or sum(panel) != seats:
        return False
    if any(not 0 <= x <= n for x, n in zip(panel, pool.counts, strict=True)):
        return False
    return all(
        q.min <= sum(panel[t] for t in pool.types_with(q.category, q.value)) <= q.max
        for q in quotas
    )


class PanelSearch:
    """The best quota-satisfying panel for a weight per type (maximise sum w[t] x[t]).

    The linear relaxation is tried first: it takes milliseconds where the integer program takes
    tens, and when its optimum is integral it is the integer optimum too (it is, most of the
    time, for quotas of this shape). Otherwise the integer program decides."""

    def __init__(self, pool: Pool, quotas: Sequence[Quota], seats: int) -> None:
        self._size = len(pool.types)
        self._relaxed = self._program(pool, quotas, seats, integer=False)
        self._integer = self._program(pool, quotas, seats, integer=True)

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


def _integral(values: Sequence[float]) -> bool:
    return all(abs(v - round(v)) < INTEGRALITY for v in values)


def _panel(values: Sequence[float]) -> Panel:
    return tuple(round(v) for v in values)
