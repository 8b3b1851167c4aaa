from __future__ import annotations

import pytest
from hypothesis import given, settings

from core.sortition.feasibility import QuotasInfeasible
from core.sortition.leximin import Progress, leximin, maximin
from core.sortition.model import Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from tests.core.sortition import synthetic
from tests.core.sortition.instances import drawable, people

TOLERANCE = 1e-6


def test_given_no_quotas_when_leximin_then_everyone_has_seats_over_pool() -> None:
    pool = pool_of(people([("f", "north")] * 3 + [("m", "south")] * 7))

    distribution = leximin(pool, [], 4)

    assert distribution.probabilities == pytest.approx((0.4, 0.4), abs=TOLERANCE)


def test_given_a_quota_forcing_one_seat_per_type_when_leximin_then_one_over_count() -> None:
    pool = pool_of(people([("f", "north")] * 2 + [("m", "north")] * 10))
    quotas = [Quota(category="gender", value="f", min=1, max=1)]

    distribution = leximin(pool, quotas, 2)

    assert distribution.probabilities == pytest.approx((0.5, 0.1), abs=TOLERANCE)


def test_given_leximin_when_second_level_free_then_it_is_raised_beyond_maximin() -> None:
    # f must take exactly 1 of 2 seats among 10 f (0.1 each); the 2 m share the other seat
    # (0.5 each) under LEXIMIN, while maximin only has to guarantee 0.1 to them.
    pool = pool_of(people([("f", "north")] * 10 + [("m", "north")] * 2))
    quotas = [Quota(category="gender", value="f", min=1, max=1)]

    first = maximin(pool, quotas, 2)
    full = leximin(pool, quotas, 2)

    assert first.minimum == pytest.approx(0.1, abs=TOLERANCE)
    assert full.probabilities == pytest.approx((0.1, 0.5), abs=TOLERANCE)


def test_given_progress_callback_when_leximin_then_stages_are_reported() -> None:
    pool = pool_of(people([("f", "north")] * 3 + [("m", "south")] * 5 + [("m", "east")] * 2))
    seen: list[Progress] = []

    leximin(pool, [Quota(category="gender", value="f", min=2, max=2)], 4, seen.append)

    assert seen[0].stage == "maximin"
    assert all(p.types == 3 for p in seen)


def test_given_infeasible_quotas_when_leximin_then_refused_before_solving() -> None:
    pool = pool_of(people([("f", "north")] * 3 + [("m", "south")] * 5))

    with pytest.raises(QuotasInfeasible):
        leximin(pool, [Quota(category="gender", value="f", min=4, max=4)], 4)


@settings(max_examples=25, deadline=None)
@given(drawable())
def test_given_any_feasible_pool_when_leximin_then_panels_meet_quotas_and_beat_maximin(
    instance: tuple[list[Respondent], list[Quota], int],
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        first = maximin(pool, quotas, seats)
    except QuotasInfeasible:
        return

    full = leximin(pool, quotas, seats)

    assert all(satisfies(p, pool, quotas, seats) for p in full.panels)
    assert sum(full.weights) == pytest.approx(1.0)
    expected_seats = sum(p * n for p, n in zip(full.probabilities, pool.counts, strict=True))
    assert expected_seats == pytest.approx(seats)
    assert full.minimum >= first.minimum - TOLERANCE
    assert leximin_at_least(full.probabilities, first.probabilities)


def leximin_at_least(these: tuple[float, ...], those: tuple[float, ...]) -> bool:
    """Sorted ascending, the first entry that differs (beyond the tolerance) is larger."""
    for a, b in zip(sorted(these), sorted(those), strict=True):
        if abs(a - b) > TOLERANCE:
            return a > b
    return True


def test_given_paris_like_pool_when_leximin_then_it_carries_its_proof_of_optimality() -> None:
    pool = pool_of(synthetic.respondents(600, seed=3))
    quotas = synthetic.quotas(40)

    distribution = leximin(pool, quotas, 40)

    assert all(satisfies(p, pool, quotas, 40) for p in distribution.panels)
    assert distribution.gap < 1e-6  # the minimum reaches the relaxation's bound
    assert distribution.shortfall < 1e-6  # every type reaches its relaxed LEXIMIN level
    assert distribution.minimum <= distribution.bound + 1e-9


def test_given_progress_callback_when_solving_then_levels_come_before_panels() -> None:
    pool = pool_of(synthetic.respondents(300, seed=5))
    seen: list[Progress] = []

    maximin(pool, synthetic.quotas(20), 20, seen.append)

    stages = [p.stage for p in seen]
    order = ["maximin", "leximin", "panels"]
    assert stages[0] == "maximin"
    assert "panels" in stages
    assert stages == sorted(stages, key=order.index)
    assert all(0 <= p.fixed <= p.types == len(pool.types) for p in seen)
