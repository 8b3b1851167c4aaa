"""A thin wrapper over HiGHS (highspy): the only place that speaks to the solver, so the
sortition rules read as mathematics and the solver can be swapped or pinned in one spot."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import highspy
import numpy as np
from highspy._core import _Highs
from msgspec import Struct

INF = highspy.kHighsInf
MIP_GAP = 1e-7
Vector = Sequence[float] | np.ndarray
"""Costs or bounds, one per column: a list or a numpy array (no copy then)."""


class Solution(Struct, frozen=True, kw_only=True):
    optimal: bool
    values: tuple[float, ...]
    objective: float
    bound: float
    """For a MILP, the best proven bound on the objective (equal to it for an LP)."""
    row_duals: tuple[float, ...] = ()
    """For an LP, the rows' dual values (HiGHS's sign convention)."""


class Program:
    """A linear (or integer) program kept alive between solves so that columns' costs and rows
    can change, as column generation needs."""

    def __init__(
        self,
        lower: Sequence[float],
        upper: Sequence[float],
        *,
        integer: bool = False,
        maximise: bool = True,
        threads: int = 1,
        tolerance: float | None = None,
    ) -> None:
        # The bare binding: typed, silent (no banner on stdout) and without the wrapper's
        # interrupt-handling threads, which a pure computation does not want.
        self._highs = _Highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("threads", threads)
        self._highs.setOptionValue("random_seed", 0)
        self._highs.setOptionValue("presolve", "off")  # small, repeatedly re-solved models
        if tolerance is not None:
            self._highs.setOptionValue("primal_feasibility_tolerance", tolerance)
            self._highs.setOptionValue("dual_feasibility_tolerance", tolerance)
        self._n = len(lower)
        self._integer = integer
        self._lower = np.asarray(lower, float)
        self._upper = np.asarray(upper, float)
        self._highs.addVars(self._n, self._lower, self._upper)
        self._row_lower: list[float] = []
        self._row_upper: list[float] = []
        if integer:
            # Probabilities are of the order seats/pool (~0.01): the default absolute gap (1e-6)
            # would be coarse; the relative gap bounds the error of column generation.
            self._highs.setOptionValue("mip_rel_gap", MIP_GAP)
            self._highs.setOptionValue("mip_abs_gap", 1e-12)
            kinds = np.full(self._n, highspy.HighsVarType.kInteger.value, dtype=np.uint8)
            self._highs.changeColsIntegrality(self._n, np.arange(self._n, dtype=np.int32), kinds)
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        self._highs.changeObjectiveSense(sense)

    @property
    def columns(self) -> int:
        return self._n

    @property
    def rows(self) -> int:
        return len(self._row_lower)

    def add_row(self, coefficients: Mapping[int, float], lower: float, upper: float) -> None:
        indices = np.fromiter(coefficients.keys(), dtype=np.int32, count=len(coefficients))
        values = np.fromiter(coefficients.values(), dtype=float, count=len(coefficients))
        self._highs.addRow(lower, upper, len(coefficients), indices, values)
        self._row_lower.append(lower)
        self._row_upper.append(upper)

    def add_column(
        self, cost: float, lower: float, upper: float, coefficients: Mapping[int, float]
    ) -> None:
        """A new continuous column (a panel, in a restricted master program), by row."""
        indices = np.fromiter(coefficients.keys(), dtype=np.int32, count=len(coefficients))
        values = np.fromiter(coefficients.values(), dtype=float, count=len(coefficients))
        self._highs.addCol(cost, lower, upper, len(coefficients), indices, values)
        self._n += 1
        self._lower = np.append(self._lower, lower)
        self._upper = np.append(self._upper, upper)

    def set_row(
        self, row: int, lower: float, upper: float, coefficients: Mapping[int, float]
    ) -> None:
        """Change a row's bounds and some of its coefficients for all later solves."""
        self._highs.changeRowBounds(row, lower, upper)
        self._row_lower[row], self._row_upper[row] = lower, upper
        for column, value in coefficients.items():
            self._highs.changeCoeff(row, column, value)

    def set_costs(self, costs: Vector) -> None:
        self._highs.changeColsCost(
            self._n, np.arange(self._n, dtype=np.int32), np.asarray(costs, float)
        )

    def solve_within(
        self,
        lower: Vector,
        upper: Vector,
        rows: Mapping[int, tuple[float, float]] | None = None,
        *,
        gap: float | None = None,
    ) -> Solution:
        """Solve with the columns' bounds (and some rows' bounds) narrowed for this solve only;
        an integer program may stop at the relative `gap` instead of its usual one."""
        with self.narrowed(lower, upper, rows):
            if gap is not None:
                self._highs.setOptionValue("mip_rel_gap", gap)
            try:
                return self.solve()
            finally:
                if gap is not None:
                    self._highs.setOptionValue("mip_rel_gap", MIP_GAP)

    @contextmanager
    def narrowed(
        self,
        lower: Vector,
        upper: Vector,
        rows: Mapping[int, tuple[float, float]] | None = None,
    ) -> Iterator[None]:
        """The columns' bounds (and some rows' bounds) narrowed for the solves inside the block,
        set once and restored once (several solves over the same box, different costs)."""
        columns = np.arange(self._n, dtype=np.int32)
        self._highs.changeColsBounds(
            self._n, columns, np.asarray(lower, float), np.asarray(upper, float)
        )
        for row, (low, high) in (rows or {}).items():
            self._highs.changeRowBounds(row, low, high)
        try:
            yield
        finally:
            self._highs.changeColsBounds(self._n, columns, self._lower, self._upper)
            for row in rows or {}:
                self._highs.changeRowBounds(row, self._row_lower[row], self._row_upper[row])

    def solve(self, *, time_limit: float | None = None) -> Solution:
        if time_limit is not None:
            self._highs.setOptionValue("time_limit", time_limit)
        self._highs.run()
        status = self._highs.getModelStatus()
        optimal = status == highspy.HighsModelStatus.kOptimal
        if not optimal and status != highspy.HighsModelStatus.kTimeLimit:
            return Solution(optimal=False, values=(), objective=0.0, bound=0.0)
        solution = self._highs.getSolution()
        values = tuple(solution.col_value)  # the binding's list of Python floats
        objective = float(self._highs.getInfo().objective_function_value)
        bound = float(self._highs.getInfo().mip_dual_bound) if self._integer else objective
        duals = () if self._integer else tuple(solution.row_dual)
        return Solution(
            optimal=optimal, values=values, objective=objective, bound=bound, row_duals=duals
        )
