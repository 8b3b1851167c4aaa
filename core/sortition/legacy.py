"""The greedy "legacy" draw that assemblies used before LEXIMIN, kept only as a baseline to
compare fairness against (never for a real draw).

At each step it takes the most constrained quota — the largest ratio of seats still needed to
eligible people left with that value — and seats one of those people, chosen uniformly by the
seeded hash: index int(SHA-256(seed || b"legacy" || step as 4 bytes)) mod the number of
candidates, candidates in pseudonym order. When every minimum is met it picks among all eligible
people. Anyone whose seating would break a maximum is no longer eligible. It can dead-end even on
feasible quotas; then it refuses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from core.errors import DomainError
from core.sortition.model import Pool, Quota


class LegacyDeadEnd(DomainError):
    rule = "legacy draw"


def legacy_draw(pool: Pool, quotas: Sequence[Quota], seats: int, seed: bytes) -> tuple[str, ...]:
    people = sorted((p, t) for t, members in enumerate(pool.members) for p in members)
    columns = {c: i for i, c in enumerate(pool.categories)}
    seated: list[str] = []
    filled = {(q.category, q.value): 0 for q in quotas}

    def fits(t: int) -> bool:
        values = pool.types[t]
        return all(
            filled[q.category, q.value] < q.max
            for q in quotas
            if values[columns[q.category]] == q.value
        )

    for step in range(seats):
        eligible = [(p, t) for p, t in people if fits(t)]
        candidates = eligible
        pressing = 0.0
        for q in quotas:
            needed = q.min - filled[q.category, q.value]
            if needed <= 0:
                continue
            having = [(p, t) for p, t in eligible if pool.types[t][columns[q.category]] == q.value]
            if len(having) < needed:
                raise LegacyDeadEnd(
                    f"{q.label()} still needs {needed}, {len(having)} eligible left"
                )
            if needed / len(having) > pressing:
                pressing, candidates = needed / len(having), having
        if not candidates:
            raise LegacyDeadEnd(f"nobody eligible for seat {step + 1} of {seats}")
        digest = hashlib.sha256(seed + b"legacy" + step.to_bytes(4, "big")).digest()
        pseudonym, t = candidates[int.from_bytes(digest, "big") % len(candidates)]
        seated.append(pseudonym)
        people.remove((pseudonym, t))
        for q in quotas:
            if pool.types[t][columns[q.category]] == q.value:
                filled[q.category, q.value] += 1
    for q in quotas:
        if filled[q.category, q.value] < q.min:
            raise LegacyDeadEnd(f"{q.label()} ended with {filled[q.category, q.value]} < {q.min}")
    return tuple(seated)
