"""Quotas are checked before anything is committed: if no panel of the given size meets them,
the draw is refused with the clashing quotas named and the smallest relaxation that would work
(least total change of the bounds, found by an integer program with a slack on each bound)."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import DomainError
from core.sortition.model import Pool, Quota, check_quotas
from core.sortition.panels import Panel, PanelSearch
from core.sortition.solver import INF, Program


class QuotasInfeasible(DomainError):
    rule = "quotas"

    def __init__(self, message: str, relaxation: tuple[Quota, ...] = ()) -> None:
        super().__init__(message)
        self.relaxation = relaxation
        """The relaxed quotas (only those that change); empty if no relaxation can help."""


def feasible_panel(pool: Pool, quotas: Sequence[Quota], seats: int) -> Panel:
    """A witness panel meeting the quotas, or QuotasInfeasible with the explanation."""
    check_quotas(pool, quotas)
    if not 0 < seats <= pool.size:
        raise QuotasInfeasible(f"{seats} seats cannot be drawn from {pool.size} respondents")
    found = PanelSearch(pool, quotas, seats).best([0.0] * len(pool.types))
    if found is not None:
        return found[0]
    relaxed = minimal_relaxation(pool, quotas, seats)
    reasons = "; ".join(clashes(pool, quotas, seats)) or "the quotas of several categories clash"
    changes = ", ".join(
        f"{q.label()} {old.min}..{old.max} -> {q.min}..{q.max}"
        for old, q in zip(quotas, relaxed, strict=True)
        if (old.min, old.max) != (q.min, q.max)
    )
    raise QuotasInfeasible(
        f"no panel of {seats} meets the quotas: {reasons}. Smallest relaxation: {changes}",
        relaxation=tuple(q for old, q in zip(quotas, relaxed, strict=True) if old != q),
    )


def clashes(pool: Pool, quotas: Sequence[Quota], seats: int) -> list[str]:
    """The plain reasons a reader can check by hand: one quota, or one category, alone."""
    reasons: list[str] = []
    for q in quotas:
        available = sum(pool.counts[t] for t in pool.types_with(q.category, q.value))
        if q.min > available:
            reasons.append(f"{q.label()} needs {q.min} but only {available} responded")
    for category in pool.categories:
        own = [q for q in quotas if q.category == category]
        minima = sum(q.min for q in own)
        if minima > seats:
            reasons.append(f"the minima of {category} add up to {minima} > {seats} seats")
        values = {t[pool.categories.index(category)] for t in pool.types}
        if {q.value for q in own} >= values:
            maxima = sum(min(q.max, seats) for q in own)
            if maxima < seats:
                reasons.append(f"the maxima of {category} add up to {maxima} < {seats} seats")
    return reasons


def minimal_relaxation(pool: Pool, quotas: Sequence[Quota], seats: int) -> list[Quota]:
    """Each quota relaxed by the least total number of seats (min lowered, max raised) so that a
    panel exists; the panel size and the pool are never changed."""
    types = len(pool.types)
    lower = [0.0] * (types + 2 * len(quotas))
    upper = [float(n) for n in pool.counts] + [INF] * (2 * len(quotas))
    program = Program(lower, upper, integer=True, maximise=False)
    program.set_costs([0.0] * types + [1.0] * (2 * len(quotas)))
    program.add_row(dict.fromkeys(range(types), 1.0), seats, seats)
    for i, q in enumerate(quotas):
        members = pool.types_with(q.category, q.value)
        program.add_row({**dict.fromkeys(members, 1.0), types + 2 * i: 1.0}, q.min, INF)
        program.add_row({**dict.fromkeys(members, 1.0), types + 2 * i + 1: -1.0}, -INF, q.max)
    found = program.solve()
    if not found.optimal:  # cannot happen: with slack, any panel of `seats` people fits
        raise QuotasInfeasible(f"no panel of {seats} exists even with relaxed quotas")
    slack = [round(v) for v in found.values[types:]]
    return [
        Quota(
            category=q.category,
            value=q.value,
            min=q.min - slack[2 * i],
            max=q.max + slack[2 * i + 1],
        )
        for i, q in enumerate(quotas)
    ]
