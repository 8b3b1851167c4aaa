"""The iterated rounding's directions, kept up to date instead of recomputed (rounding.py).

Each step of the rounding needs a nonzero x with M x = 0, where M has one row per held type
(its a[t, j] over the floating panels j) and a row of ones, fewer rows than columns. Between
two steps M changes little: a column leaves when its panel's count becomes whole, a row when
its type is let go. Eliminating M afresh at every step costs |F|^3 each time; here M is kept
in reduced form, as in the simplex method, and every change is one rank-1 update:

- the tableau G = T [M | I], T invertible, one column per floating panel and one "slack" per
  row of M; in every row at most one panel column is basic (1 there, 0 in the other rows);
- a panel that leaves: if basic, another panel with the largest entry in its row takes its
  place (a pivot), else the row is left with none (the rows of M were dependent); then its
  column is dropped;
- a type let go: its slack is freed, so the row of G with the largest entry in that slack
  absorbs it and is dropped (its basic panel, if any, becomes nonbasic), with the slack;
- a row left without a basic panel whose panel entries are no longer ~0 gets one (a pivot).

Then every row of G reads x_basic + sum over nonbasic of G x_nonbasic = 0 (or 0 = 0), and
x = 1 on the first nonbasic panel, 0 on the others, -G[:, that panel] on the basic ones is a
null vector of M. The caller checks M x = 0 and starts afresh when rounding errors have grown
(`Directions(...)` again). Plain numpy, no BLAS or LAPACK (the reasons are `_times`'s in
rounding.py); the same inputs give the same directions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PIVOT = 1e-10
"""An entry this small is no pivot (the entries of M are in [0, 1])."""


class Directions:
    """Null vectors of [a[held, floating]; 1 ... 1] as held types and floating panels go."""

    def __init__(self, a: np.ndarray, held: Sequence[int], floating: Sequence[int]) -> None:
        self.columns = list(floating)
        self.slacks = [*held, -1]  # -1: the row of ones (never let go)
        rows = np.vstack([a[np.ix_(list(held), self.columns)], np.ones((1, len(self.columns)))])
        self._g = rows.astype(float)
        self._s = np.eye(len(self.slacks))
        self._basic = np.full(len(self.slacks), -1)
        for column in range(len(self.columns)):
            free = np.flatnonzero(self._basic < 0)
            if not free.size:
                break
            r = int(free[np.argmax(np.abs(self._g[free, column]))])
            if abs(self._g[r, column]) > PIVOT:
                self._pivot(r, column)

    def leave(self, panels: Sequence[int]) -> None:
        """These panels' counts are whole: they move no more."""
        for panel in panels:
            c = self.columns.index(panel)
            where = np.flatnonzero(self._basic == c)
            if where.size:
                r = int(where[0])
                others = np.abs(self._g[r]).copy()
                others[c] = 0.0
                others[self._basic[self._basic >= 0]] = 0.0
                k = int(np.argmax(others))
                if others[k] > PIVOT:
                    self._pivot(r, k)
                else:
                    self._basic[r] = -1
            self._g = np.delete(self._g, c, axis=1)
            del self.columns[c]
            self._basic[self._basic > c] -= 1
        self._settle()

    def release(self, types: Sequence[int]) -> None:
        """These types are let go: their D_t may move from now on."""
        for t in types:
            k = self.slacks.index(t)
            column = self._s[:, k]
            r = int(np.argmax(np.abs(column)))
            factor = column / column[r]
            factor[r] = 0.0
            near = np.flatnonzero(factor)
            if near.size:
                self._g[near] -= np.multiply.outer(factor[near], self._g[r])
                self._s[near] -= np.multiply.outer(factor[near], self._s[r])
            self._g = np.delete(self._g, r, axis=0)
            self._s = np.delete(np.delete(self._s, r, axis=0), k, axis=1)
            self._basic = np.delete(self._basic, r)
            del self.slacks[k]
        self._settle()

    def direction(self) -> np.ndarray:
        """A null vector, in the order of `columns`, its largest entry 1 in absolute value."""
        basic = np.zeros(len(self.columns), bool)
        basic[self._basic[self._basic >= 0]] = True
        entering = int(np.flatnonzero(~basic)[0])
        x = np.zeros(len(self.columns))
        x[entering] = 1.0
        rows = np.flatnonzero(self._basic >= 0)
        x[self._basic[rows]] = -self._g[rows, entering]
        out: np.ndarray = x / float(np.abs(x).max())
        return out

    def _settle(self) -> None:
        """Rows left without a basic panel but no longer ~0 over the panels get one."""
        for r in np.flatnonzero(self._basic < 0):
            entries = np.abs(self._g[r]).copy()
            entries[self._basic[self._basic >= 0]] = 0.0
            k = int(np.argmax(entries)) if entries.size else 0
            if entries.size and entries[k] > PIVOT:
                self._pivot(int(r), k)

    def _pivot(self, r: int, c: int) -> None:
        """Panel c becomes basic in row r."""
        p = self._g[r, c]
        self._g[r] /= p
        self._s[r] /= p
        factor = self._g[:, c].copy()
        factor[r] = 0.0
        near = np.flatnonzero(factor)
        if near.size:
            self._g[near] -= np.multiply.outer(factor[near], self._g[r])
            self._s[near] -= np.multiply.outer(factor[near], self._s[r])
        self._g[:, c] = 0.0
        self._g[r, c] = 1.0
        self._basic[r] = c
