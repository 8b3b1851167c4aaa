"""A thin wrapper over HiGHS (highspy): the only place that speaks to the solver, so the
sortition rules read as mathematics and the solver can be swapped or pinned in one spot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import highspy
import numpy as np
from highspy._core import _Highs
from msgspec import Struct

INF = highspy.kHighsInf


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
    ) -> None:
        # The bare binding: typed, silent (no banner on stdout) and without the wrapper's
        # interrupt-handling threads, which a pure computation does not want.
        self._highs = _Highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("threads", threads)
        self._highs.setOptionValue("random_seed", 0)
        self._highs.setOptionValue("presolve", "off")  # small, repeatedly re-solved models
        self._n = len(lower)
        self._integer = integer
        self._lower = np.asarray(lower, float)
        self._upper = np.asarray(upper, float)
        self._highs.addVars(self._n, self._lower, self._upper)
        if integer:
            # Probabilities are of the order seats/pool (~0.01): the default absolute gap (1e-6)
            # would be coarse; the relative gap bounds the error of column generation.
            self._highs.setOptionValue("mip_rel_gap", 1e-7)
            self._highs.setOptionValue("mip_abs_gap", 1e-12)
            kinds = np.full(self._n, highspy.HighsVarType.kInteger.value, dtype=np.uint8)
            self._highs.changeColsIntegrality(self._n, np.arange(self._n, dtype=np.int32), kinds)
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        self._highs.changeObjectiveSense(sense)

    @property
    def columns(self) -> int:
        return self._n

    def add_row(self, coefficients: Mapping[int, float], lower: float, upper: float) -> None:
        indices = np.fromiter(coefficients.keys(), dtype=np.int32, count=len(coefficients))
        values = np.fromiter(coefficients.values(), dtype=float, count=len(coefficients))
        self._highs.addRow(lower, upper, len(coefficients), indices, values)

    def set_costs(self, costs: Sequence[float]) -> None:
        self._highs.changeColsCost(
            self._n, np.arange(self._n, dtype=np.int32), np.asarray(costs, float)
        )

    def solve_within(self, lower: Sequence[float], upper: Sequence[float]) -> Solution:
        """Solve with the columns' bounds narrowed for this solve only."""
        columns = np.arange(self._n, dtype=np.int32)
        self._highs.changeColsBounds(
            self._n, columns, np.asarray(lower, float), np.asarray(upper, float)
        )
        try:
            return self.solve()
        finally:
            self._highs.changeColsBounds(self._n, columns, self._lower, self._upper)

    def solve(self, *, time_limit: float | None = None) -> Solution:
        if time_limit is not None:
            self._highs.setOptionValue("time_limit", time_limit)
        self._highs.run()
        status = self._highs.getModelStatus()
        optimal = status == highspy.HighsModelStatus.kOptimal
        if not optimal and status != highspy.HighsModelStatus.kTimeLimit:
            return Solution(optimal=False, values=(), objective=0.0, bound=0.0)
        solution = self._highs.getSolution()
        values = tuple(float(v) for v in solution.col_value)
        objective = float(self._highs.getInfo().objective_function_value)
        bound = float(self._highs.getInfo().mip_dual_bound) if self._integer else objective
        duals = () if self._integer else tuple(float(v) for v in solution.row_dual)
        return Solution(
            optimal=optimal, values=values, objective=objective, bound=bound, row_duals=duals
        )
