from __future__ import annotations

import pytest
from hypothesis import given, settings

from core.sortition.decomposition import decompose
from core.sortition.feasibility import QuotasInfeasible, feasible_panel
from core.sortition.model import Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from core.sortition.relaxation import relaxed_leximin
from tests.core.sortition import synthetic
from tests.core.sortition.instances import drawable, tangled


@settings(max_examples=30, deadline=None)
@given(drawable())
def test_given_two_categories_when_walking_the_relaxed_leximin_then_it_is_written_whole(
    instance: tuple[list[Respondent], list[Quota], int],
) -> None:
    # Two categories make the quotas totally unimodular: every point of the relaxation is a
    # lottery over real panels, and the walk always ends.
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        feasible_panel(pool, quotas, seats)
    except QuotasInfeasible:
        return
    expected = relaxed_leximin(pool, quotas, seats).seats

    walk = decompose(pool, quotas, seats, expected)

    assert walk.left == pytest.approx(0.0, abs=1e-9)
    assert all(satisfies(p, pool, quotas, seats) for p in walk.panels)
    given_seats = [
        sum(w * p[t] for p, w in zip(walk.panels, walk.weights, strict=True))
        for t in range(len(pool.types))
    ]
    assert given_seats == pytest.approx(expected, abs=1e-7)


@settings(max_examples=30, deadline=None)
@given(tangled())
def test_given_three_categories_when_walking_then_what_is_written_meets_the_quotas(
    instance: tuple[list[Respondent], list[Quota], int],
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        feasible_panel(pool, quotas, seats)
    except QuotasInfeasible:
        return

    walk = decompose(pool, quotas, seats, relaxed_leximin(pool, quotas, seats).seats)

    assert all(satisfies(p, pool, quotas, seats) for p in walk.panels)
    assert sum(walk.weights) + walk.left == pytest.approx(1.0)
    assert all(w > 0 for w in walk.weights)


def test_given_paris_like_pool_when_walking_then_the_four_categories_are_written_whole() -> None:
    pool = pool_of(synthetic.respondents(600, seed=3))
    quotas = synthetic.quotas(40)
    expected = relaxed_leximin(pool, quotas, 40).seats

    walk = decompose(pool, quotas, 40, expected)

    assert walk.left < 1e-6
    assert len(walk.panels) <= len(pool.types) + len(quotas) + 2
