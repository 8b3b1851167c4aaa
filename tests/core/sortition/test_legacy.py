from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sortition.legacy import LegacyDeadEnd, legacy_draw
from core.sortition.leximin import leximin
from core.sortition.model import Pool, Quota, Respondent, pool_of
from tests.core.sortition.instances import drawable, people

# A skewed pool: few men in the south, quotas asking for a balanced panel.
ROWS = [("f", "north")] * 8 + [("m", "north")] * 6 + [("f", "south")] * 4 + [("m", "south")] * 2
QUOTAS = [
    Quota(category="gender", value="f", min=2, max=2),
    Quota(category="gender", value="m", min=2, max=2),
    Quota(category="area", value="north", min=2, max=2),
    Quota(category="area", value="south", min=2, max=2),
]


def seed(i: int) -> bytes:
    return hashlib.sha256(i.to_bytes(4, "big")).digest()


def test_given_seed_when_legacy_draw_then_quotas_met_and_repeatable() -> None:
    pool = pool_of(people(ROWS))

    panel = legacy_draw(pool, QUOTAS, 4, seed(1))

    type_of = {p: pool.types[t] for t, members in enumerate(pool.members) for p in members}
    assert Counter(type_of[p][1] for p in panel) == {"f": 2, "m": 2}
    assert Counter(type_of[p][0] for p in panel) == {"north": 2, "south": 2}
    assert panel == legacy_draw(pool, QUOTAS, 4, seed(1))


def test_given_impossible_minimum_when_legacy_draw_then_dead_end() -> None:
    pool = pool_of(people(ROWS))

    with pytest.raises(LegacyDeadEnd):
        legacy_draw(pool, [Quota(category="gender", value="m", min=9, max=9)], 10, seed(1))


def test_given_skewed_pool_when_compared_then_leximin_minimum_beats_legacy_empirical() -> None:
    pool = pool_of(people(ROWS))
    draws = 600

    seated = Counter(p for i in range(draws) for p in legacy_draw(pool, QUOTAS, 4, seed(i)))
    legacy_minimum = min(seated[p] / draws for m in pool.members for p in m)

    assert leximin(pool, QUOTAS, 4).minimum >= legacy_minimum


@settings(max_examples=40, deadline=None)
@given(drawable(), st.binary(min_size=32, max_size=32))
def test_given_any_pool_and_seed_when_legacy_draw_then_it_seats_whom_the_plain_rule_seats(
    instance: tuple[list[Respondent], list[Quota], int], seed_bytes: bytes
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)

    try:
        drawn: tuple[str, ...] | str = legacy_draw(pool, quotas, seats, seed_bytes)
    except LegacyDeadEnd:
        drawn = "dead end"
    try:
        expected: tuple[str, ...] | str = plain_legacy_draw(pool, quotas, seats, seed_bytes)
    except LegacyDeadEnd:
        expected = "dead end"

    assert drawn == expected


def plain_legacy_draw(pool: Pool, quotas: list[Quota], seats: int, seed: bytes) -> tuple[str, ...]:
    """The rule of core/sortition/legacy.py's docstring, person by person."""
    people = sorted((p, t) for t, members in enumerate(pool.members) for p in members)
    at = {c: i for i, c in enumerate(pool.categories)}
    filled = {(q.category, q.value): 0 for q in quotas}

    def has(t: int, q: Quota) -> bool:
        return pool.types[t][at[q.category]] == q.value

    seated: list[str] = []
    for step in range(seats):
        eligible = [
            (p, t)
            for p, t in people
            if all(filled[q.category, q.value] < q.max for q in quotas if has(t, q))
        ]
        candidates, pressing = eligible, 0.0
        for q in quotas:
            needed = q.min - filled[q.category, q.value]
            if needed <= 0:
                continue
            having = [(p, t) for p, t in eligible if has(t, q)]
            if len(having) < needed:
                raise LegacyDeadEnd("short")
            if needed / len(having) > pressing:
                pressing, candidates = needed / len(having), having
        if not candidates:
            raise LegacyDeadEnd("nobody")
        digest = hashlib.sha256(seed + b"legacy" + step.to_bytes(4, "big")).digest()
        person, t = candidates[int.from_bytes(digest, "big") % len(candidates)]
        seated.append(person)
        people.remove((person, t))
        for q in quotas:
            if has(t, q):
                filled[q.category, q.value] += 1
    if any(filled[q.category, q.value] < q.min for q in quotas):
        raise LegacyDeadEnd("ended short")
    return tuple(seated)
