"""The greedy "legacy" draw that assemblies used before LEXIMIN, kept only as a baseline to
compare fairness against (never for a real draw).

At each step it takes the most constrained quota — the largest ratio of seats still needed to
eligible people left with that value — and seats one of those people, chosen uniformly by the
seeded hash: index int(SHA-256(seed || b"legacy" || step as 4 bytes)) mod the number of
candidates, candidates in pseudonym order. When every minimum is met it picks among all eligible
people. Anyone whose seating would break a maximum is no longer eligible. It can dead-end even on
feasible quotas; then it refuses. (Computed over types with numpy; the rule, and so every panel it
draws, is the plain one above.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from core.errors import DomainError
from core.sortition.model import Pool, Quota


class LegacyDeadEnd(DomainError):
    rule = "legacy draw"


def legacy_draw(pool: Pool, quotas: Sequence[Quota], seats: int, seed: bytes) -> tuple[str, ...]:
    order = sorted((p, t) for t, members in enumerate(pool.members) for p in members)
    kinds = np.fromiter((t for _, t in order), dtype=np.intp, count=len(order))
    present = np.ones(len(order), dtype=bool)
    holds = np.zeros((len(quotas), len(pool.types)), dtype=bool)  # quota i counts type t
    for i, q in enumerate(quotas):
        holds[i, pool.types_with(q.category, q.value)] = True
    left = np.asarray(pool.counts, dtype=np.int64)
    filled = np.zeros(len(quotas), dtype=np.int64)
    maxima = np.asarray([q.max for q in quotas], dtype=np.int64)
    seated: list[str] = []
    for step in range(seats):
        fits = np.logical_not(holds[filled >= maxima].any(axis=0))  # one more breaks no maximum
        candidates = fits
        pressing = 0.0
        for i, q in enumerate(quotas):
            needed = q.min - int(filled[i])
            if needed <= 0:
                continue
            having = int(left[fits & holds[i]].sum())
            if having < needed:
                raise LegacyDeadEnd(f"{q.label()} still needs {needed}, {having} eligible left")
            if needed / having > pressing:
                pressing, candidates = needed / having, fits & holds[i]
        eligible = np.flatnonzero(present & candidates[kinds])  # in pseudonym order
        if not len(eligible):
            raise LegacyDeadEnd(f"nobody eligible for seat {step + 1} of {seats}")
        digest = hashlib.sha256(seed + b"legacy" + step.to_bytes(4, "big")).digest()
        person = int(eligible[int.from_bytes(digest, "big") % len(eligible)])
        seated.append(order[person][0])
        present[person] = False
        left[kinds[person]] -= 1
        filled += holds[:, kinds[person]]
    for i, q in enumerate(quotas):
        if filled[i] < q.min:
            raise LegacyDeadEnd(f"{q.label()} ended with {filled[i]} < {q.min}")
    return tuple(seated)
