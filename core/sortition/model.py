"""Who can be drawn and under which quotas, and the types that make the problem small:
respondents with the same criteria are interchangeable, so the draw is solved over types."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter

from msgspec import Struct

from core.errors import DomainError
from core.text.words import listed

Type = tuple[str, ...]
"""The criteria values of a respondent, in the pool's (sorted) category order."""
Panel = tuple[int, ...]
"""A panel as the seats of each type, in the pool's order (panels.py finds them)."""


class PoolRefused(DomainError):
    rule = "pool"


class Respondent(Struct, frozen=True, kw_only=True):
    pseudonym: str
    subpool: str
    criteria: dict[str, str]


class Quota(Struct, frozen=True, kw_only=True):
    """At least `min` and at most `max` seats for people whose `category` is `value`."""

    category: str
    value: str
    min: int
    max: int

    def label(self) -> str:
        return f"{self.category}={self.value}"


class Pool(Struct, frozen=True, kw_only=True):
    """The respondents of one sub-pool grouped by type, in a deterministic (sorted) order."""

    categories: tuple[str, ...]
    types: tuple[Type, ...]
    counts: tuple[int, ...]
    members: tuple[tuple[str, ...], ...]
    """The pseudonyms of each type, sorted."""

    @property
    def size(self) -> int:
        return sum(self.counts)

    def types_with(self, category: str, value: str) -> list[int]:
        at = self.categories.index(category)
        return [i for i, t in enumerate(self.types) if t[at] == value]


def type_of(respondent: Respondent, categories: Sequence[str]) -> Type:
    return tuple(respondent.criteria[c] for c in categories)


def pool_of(respondents: Iterable[Respondent]) -> Pool:
    """Group one sub-pool's respondents into types; every respondent must answer the same
    criteria, and pseudonyms must be unique (the seeded ordering relies on it)."""
    people = sorted(respondents, key=attrgetter("pseudonym"))
    if not people:
        raise PoolRefused("the pool is empty")
    categories = tuple(sorted(people[0].criteria))
    subpools = {r.subpool for r in people}
    if len(subpools) > 1:
        raise PoolRefused(f"one draw per sub-pool, got {listed(sorted(subpools))}")
    by_type: dict[Type, list[str]] = {}
    seen: set[str] = set()
    asked = set(categories)
    for r in people:
        criteria = r.criteria
        if criteria.keys() != asked:  # the same criteria, in any order
            raise PoolRefused(
                f"{r.pseudonym} answers {listed(sorted(criteria))}, not {listed(categories)}"
            )
        if r.pseudonym in seen:
            raise PoolRefused(f"pseudonym {r.pseudonym} appears twice")
        seen.add(r.pseudonym)
        by_type.setdefault(tuple(map(criteria.__getitem__, categories)), []).append(r.pseudonym)
    types = tuple(sorted(by_type))
    return Pool(
        categories=categories,
        types=types,
        counts=tuple(len(by_type[t]) for t in types),
        members=tuple(tuple(by_type[t]) for t in types),
    )


def check_quotas(pool: Pool, quotas: Sequence[Quota]) -> None:
    """Quotas must name the pool's categories, once each, with 0 <= min <= max."""
    seen: set[tuple[str, str]] = set()
    for q in quotas:
        if q.category not in pool.categories:
            raise PoolRefused(f"quota on unknown category {q.category!r}")
        if not 0 <= q.min <= q.max:
            raise PoolRefused(f"quota {q.label()} needs 0 <= min <= max, got {q.min}..{q.max}")
        if (q.category, q.value) in seen:
            raise PoolRefused(f"two quotas for {q.label()}")
        seen.add((q.category, q.value))


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
