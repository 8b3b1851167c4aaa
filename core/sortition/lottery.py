"""The uniform lottery that is committed before the reveal, and the seeded selection from it.

Rounding (documented, reproducible): the LEXIMIN weights are turned into ticket counts by
largest remainders — each panel gets floor(m * weight) tickets, and the tickets left over go to
the panels with the largest fractional parts (ties: the lexicographically smaller panel). Every
ticket is one of the LP's panels, so every ticket meets the quotas. The tickets are listed in
lexicographic order of the panels, repeated by their counts.

Selection from a 32-byte seed (what the auditor recomputes, with SHA-256 only):
- the ticket: int.from_bytes(SHA-256(seed || b"ticket")) mod m (the bias of reducing a 256-bit
  number mod 1000 is below 2**-246);
- inside each type, its respondents ordered by SHA-256(seed || pseudonym in UTF-8), ties by
  pseudonym, and the first x[t] of them seated;
- the reserve: every respondent of the sub-pool not seated, ordered by
  SHA-256(seed || b"reserve" || pseudonym in UTF-8), ties by pseudonym.
A respondent's selection probability is their type's average over the ticket list:
(sum over tickets of x[t]) / (m * count[t]) — no solver needed.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

from msgspec import Struct

from core.errors import DomainError
from core.sortition.leximin import Distribution
from core.sortition.model import Pool
from core.sortition.panels import Panel

TICKETS = 1000
SEED_BYTES = 32


class SeedRefused(DomainError):
    rule = "seed"


class Selection(Struct, frozen=True, kw_only=True):
    ticket: int
    panel: tuple[str, ...]
    """The seated pseudonyms, type by type in the pool's order, each type in seeded order."""
    reserve: tuple[str, ...]


def tickets_of(distribution: Distribution, tickets: int = TICKETS) -> tuple[Panel, ...]:
    """The committed ticket list: m panels, each counted by largest-remainder rounding."""
    ranked = sorted(zip(distribution.panels, distribution.weights, strict=True))
    total = sum(w for _, w in ranked)
    shares = [tickets * w / total for _, w in ranked]
    counts = [math.floor(s) for s in shares]
    left = tickets - sum(counts)
    by_remainder = sorted(range(len(ranked)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in by_remainder[:left]:
        counts[i] += 1
    return tuple(p for (p, _), c in zip(ranked, counts, strict=True) for _ in range(c))


def ticket_probabilities(pool: Pool, tickets: Sequence[Panel]) -> tuple[float, ...]:
    """Each type's per-person probability under the uniform lottery over the tickets."""
    return tuple(
        sum(ticket[t] for ticket in tickets) / (len(tickets) * n) for t, n in enumerate(pool.counts)
    )


def probabilities_by_respondent(pool: Pool, tickets: Sequence[Panel]) -> dict[str, float]:
    """What the draw event records for every respondent of the sub-pool."""
    by_type = ticket_probabilities(pool, tickets)
    return {p: by_type[t] for t, members in enumerate(pool.members) for p in members}


def deviation(pool: Pool, distribution: Distribution, tickets: Sequence[Panel]) -> float:
    """How far the lottery strays from the LEXIMIN marginals, at worst (absolute)."""
    return max(
        abs(a - b)
        for a, b in zip(
            ticket_probabilities(pool, tickets), distribution.probabilities, strict=True
        )
    )


def ticket_index(seed: bytes, tickets: int) -> int:
    _check(seed)
    return int.from_bytes(hashlib.sha256(seed + b"ticket").digest(), "big") % tickets


def select(pool: Pool, tickets: Sequence[Panel], seed: bytes) -> Selection:
    """The panel and the reserve order drawn by the seed from the committed tickets."""
    index = ticket_index(seed, len(tickets))
    chosen = tickets[index]
    seated: list[str] = []
    for t, members in enumerate(pool.members):
        ordered = sorted(members, key=lambda p: (_digest(seed, p.encode()), p))
        seated.extend(ordered[: chosen[t]])
    taken = set(seated)
    rest = [p for members in pool.members for p in members if p not in taken]
    reserve = sorted(rest, key=lambda p: (_digest(seed, b"reserve" + p.encode()), p))
    return Selection(ticket=index, panel=tuple(seated), reserve=tuple(reserve))


def _digest(seed: bytes, label: bytes) -> bytes:
    return hashlib.sha256(seed + label).digest()


def _check(seed: bytes) -> None:
    if len(seed) != SEED_BYTES:
        raise SeedRefused(f"the seed must be {SEED_BYTES} bytes, got {len(seed)}")
