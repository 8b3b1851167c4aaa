from __future__ import annotations

import pytest

from core.sortition.leximin import leximin
from core.sortition.model import Quota, pool_of
from core.sortition.relaxation import relaxed_leximin
from tests.core.sortition.instances import people

ROWS = [("f", "north")] * 8 + [("m", "north")] * 6 + [("f", "south")] * 4 + [("m", "south")] * 2
QUOTAS = [
    Quota(category="gender", value="f", min=2, max=2),
    Quota(category="area", value="south", min=1, max=2),
]


def test_given_pool_when_relaxed_then_expected_seats_fill_the_panel_and_meet_the_quotas() -> None:
    pool = pool_of(people(ROWS))

    relaxed = relaxed_leximin(pool, QUOTAS, 4)

    assert sum(relaxed.seats) == pytest.approx(4)
    south = sum(relaxed.seats[t] for t in pool.types_with("area", "south"))
    assert 1 - 1e-9 <= south <= 2 + 1e-9
    assert relaxed.bound == pytest.approx(min(relaxed.levels))


def test_given_pool_when_relaxed_then_its_levels_are_those_of_each_type() -> None:
    pool = pool_of(people(ROWS))

    relaxed = relaxed_leximin(pool, QUOTAS, 4)

    per_type = [s / n for s, n in zip(relaxed.seats, pool.counts, strict=True)]
    assert per_type == pytest.approx(relaxed.levels, abs=1e-8)


def test_given_a_quota_that_forbids_a_value_when_relaxed_then_that_type_is_fixed_at_zero() -> None:
    pool = pool_of(people(ROWS))
    quotas = [Quota(category="area", value="south", min=0, max=0)]

    relaxed = relaxed_leximin(pool, quotas, 4)

    south = pool.types_with("area", "south")
    assert all(relaxed.levels[t] == pytest.approx(0.0) for t in south)
    assert relaxed.bound == pytest.approx(0.0)
    assert min(relaxed.levels[t] for t in range(len(pool.types)) if t not in south) > 0.2


def test_given_leximin_when_solved_then_its_target_is_the_relaxation() -> None:
    pool = pool_of(people(ROWS))

    distribution = leximin(pool, QUOTAS, 4)

    assert distribution.target == relaxed_leximin(pool, QUOTAS, 4).levels
    assert distribution.bound == relaxed_leximin(pool, QUOTAS, 4).bound
