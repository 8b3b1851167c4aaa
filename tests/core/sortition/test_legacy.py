from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from core.sortition.legacy import LegacyDeadEnd, legacy_draw
from core.sortition.leximin import leximin
from core.sortition.model import Quota, pool_of
from tests.core.sortition.instances import people

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
