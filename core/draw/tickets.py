"""The committed ticket list as the verifier reads it: distinct panels with their counts,
checked and indexed without expanding 1,000 tickets of ~1,000 types each."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import overload

from core.draw.commitment import Sparse, dense
from core.draw.events import TicketsCommitted
from core.sortition.model import Panel, Pool, Quota


class QuotaCheck:
    """Whether a sparse panel meets the quotas: each type's quotas are looked up once."""

    def __init__(self, pool: Pool, quotas: Sequence[Quota], seats: int) -> None:
        self._counts = pool.counts
        self._seats = seats
        self._quotas = tuple(quotas)
        self._of_type: list[list[int]] = [[] for _ in pool.types]
        for i, q in enumerate(self._quotas):
            for t in pool.types_with(q.category, q.value):
                self._of_type[t].append(i)

    def satisfies(self, panel: Sparse) -> bool:
        filled = [0] * len(self._quotas)
        total = 0
        for t, x in panel:
            if not (0 <= t < len(self._counts) and 0 < x <= self._counts[t]):
                return False
            total += x
            for i in self._of_type[t]:
                filled[i] += x
        return total == self._seats and all(
            q.min <= f <= q.max for q, f in zip(self._quotas, filled, strict=True)
        )

    def broken(self, panel: Sparse) -> str:
        """What a panel that does not satisfy the quotas breaks, in words (the first found)."""
        filled = [0] * len(self._quotas)
        total = 0
        for t, x in panel:
            if not 0 <= t < len(self._counts):
                return f"type {t}, which the sub-pool does not have"
            if not 0 < x <= self._counts[t]:
                return f"{x} seats for type {t}, which has {self._counts[t]} respondents"
            total += x
            for i in self._of_type[t]:
                filled[i] += x
        if total != self._seats:
            return f"{total} seats, for {self._seats} to fill"
        for q, f in zip(self._quotas, filled, strict=True):
            if not q.min <= f <= q.max:
                return f"{q.category}={q.value} holds {f} seats, its quota {q.min} to {q.max}"
        return "nothing"


class Tickets(Sequence[Panel]):
    """The ticket list, ticket by ticket, without repeating the panels."""

    def __init__(self, lottery: TicketsCommitted, types: int) -> None:
        self._panels = [dense(p, types) for p in lottery.panels]
        self._ends = list(itertools.accumulate(lottery.counts))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> Panel: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Panel]: ...
    def __getitem__(self, index: int | slice) -> Panel | Sequence[Panel]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._panels[bisect.bisect_right(self._ends, index)]

    @property
    def distinct(self) -> list[Panel]:
        return self._panels


def chances(lottery: TicketsCommitted, types: int) -> tuple[int, ...]:
    """Per type, its seats summed over the whole ticket list."""
    seats = [0] * types
    for panel, count in zip(lottery.panels, lottery.counts, strict=True):
        for t, x in panel:
            seats[t] += x * count
    return tuple(seats)
