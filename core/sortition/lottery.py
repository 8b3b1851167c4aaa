"""The uniform lottery that is committed before the reveal, and the seeded selection from it.

Rounding (documented, reproducible, named in the committed fact by `rounding`): the LEXIMIN
weights are turned into m ticket counts.
- "iterated/1" (today's): iterated rounding with a proven bound on every person's deviation
  from the LEXIMIN probabilities, then single-ticket improvements (core/sortition/rounding.py).
- "largest-remainder/1" (the facts committed before the rounding was named): each panel gets
  floor(m * weight) tickets and the tickets left over go to the panels with the largest
  fractional parts (ties: the lexicographically smaller panel); no bound is claimed.
Every ticket is one of the LP's panels, so every ticket meets the quotas. The tickets are
listed in lexicographic order of the panels, repeated by their counts.

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
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from core.errors import DomainError
from core.sortition.model import Panel, Pool
from core.sortition.progress import OnProgress

if TYPE_CHECKING:  # the solver and numpy are imported by what builds a lottery, when it does:
    from core.sortition.leximin import Distribution  # the auditor's checks need neither
    from core.sortition.rounding import Rounded

TICKETS = 1000
ITERATED = "iterated/1"
LARGEST_REMAINDER = "largest-remainder/1"
ROUNDING = ITERATED
"""The rounding new draws commit to."""
SEED_BYTES = 32


class SeedRefused(DomainError):
    rule = "seed"


class Selection(Struct, frozen=True, kw_only=True):
    ticket: int
    panel: tuple[str, ...]
    """The seated pseudonyms, type by type in the pool's order, each type in seeded order."""
    reserve: tuple[str, ...]


class Lottery(Struct, frozen=True, kw_only=True):
    """A committed ticket list and what its rounding says of it."""

    tickets: tuple[Panel, ...]
    rounding: str
    bound: float | None
    """Proven: no person's probability differs from the LEXIMIN's by this much (None: the
    rounding claims no bound)."""
    deviation: float
    """Measured: the largest difference of any person's probability from the LEXIMIN's."""


def _largest(
    distribution: Distribution, tickets: int, counts: Sequence[int], progress: OnProgress | None
) -> Rounded:
    del counts, progress
    from core.sortition.rounding import Rounded, largest_remainders  # noqa: PLC0415

    found = largest_remainders(distribution.weights, tickets)
    return Rounded(counts=found, bound=float("nan"), deviation=float("nan"))


def _iterated(
    distribution: Distribution, tickets: int, counts: Sequence[int], progress: OnProgress | None
) -> Rounded:
    from core.sortition.rounding import iterated  # noqa: PLC0415

    return iterated(distribution.panels, distribution.weights, counts, tickets, progress)


ROUNDINGS: dict[str, Callable[[Distribution, int, Sequence[int], OnProgress | None], Rounded]] = {
    LARGEST_REMAINDER: _largest,
    ITERATED: _iterated,
}


class RoundingUnknown(DomainError):
    rule = "rounding"


def lottery_of(
    pool: Pool,
    distribution: Distribution,
    tickets: int = TICKETS,
    rounding: str = ROUNDING,
    progress: OnProgress | None = None,
) -> Lottery:
    """The committed ticket list of a distribution, by the named rounding (`progress` hears
    of it as the stage "rounding": its panels whole so far, of those to round)."""
    if rounding not in ROUNDINGS:
        raise RoundingUnknown(f"rounding {rounding!r}: known are {', '.join(ROUNDINGS)}")
    from core.sortition.leximin import Distribution  # noqa: PLC0415

    ranked = sorted(zip(distribution.panels, distribution.weights, strict=True))
    ordered = Distribution(
        panels=tuple(p for p, _ in ranked),
        weights=tuple(w for _, w in ranked),
        probabilities=distribution.probabilities,
    )
    found = ROUNDINGS[rounding](ordered, tickets, pool.counts, progress)
    listed = tuple(p for p, c in zip(ordered.panels, found.counts, strict=True) for _ in range(c))
    return Lottery(
        tickets=listed,
        rounding=rounding,
        bound=None if rounding == LARGEST_REMAINDER else found.bound,
        deviation=deviation(pool, distribution, listed),
    )


def tickets_of(distribution: Distribution, tickets: int = TICKETS) -> tuple[Panel, ...]:
    """The ticket list by largest remainders (the first rounding, "largest-remainder/1")."""
    from core.sortition.rounding import largest_remainders  # noqa: PLC0415

    ranked = sorted(zip(distribution.panels, distribution.weights, strict=True))
    found = largest_remainders([w for _, w in ranked], tickets)
    return tuple(p for (p, _), c in zip(ranked, found, strict=True) for _ in range(c))


def ticket_probabilities(pool: Pool, tickets: Sequence[Panel]) -> tuple[float, ...]:
    """Each type's per-person probability under the uniform lottery over the tickets (summed
    over the distinct panels, each once times its count: a ticket list repeats few panels)."""
    seats = [0] * len(pool.counts)
    for panel, count in Counter(tickets).items():
        seats = [s + count * panel[t] for t, s in enumerate(seats)]
    return tuple(s / (len(tickets) * n) for s, n in zip(seats, pool.counts, strict=True))


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
