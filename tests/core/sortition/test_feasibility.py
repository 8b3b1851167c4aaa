from __future__ import annotations

import pytest
from hypothesis import given, settings

from core.sortition.feasibility import QuotasInfeasible, feasible_panel
from core.sortition.model import Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from tests.core.sortition.instances import drawable, people

ROWS = [("f", "north")] * 4 + [("m", "north")] * 2 + [("f", "south")] * 2 + [("m", "south")] * 4


def test_given_feasible_quotas_when_checked_then_a_witness_panel_meets_them() -> None:
    pool = pool_of(people(ROWS))
    quotas = [Quota(category="gender", value="f", min=3, max=3)]

    panel = feasible_panel(pool, quotas, 6)

    assert satisfies(panel, pool, quotas, 6)


def test_given_minima_above_seats_when_checked_then_refused_with_clash_and_relaxation() -> None:
    pool = pool_of(people(ROWS))
    quotas = [
        Quota(category="gender", value="f", min=4, max=6),
        Quota(category="gender", value="m", min=4, max=6),
    ]

    with pytest.raises(QuotasInfeasible) as refused:
        feasible_panel(pool, quotas, 6)

    assert "the minima of gender add up to 8 > 6 seats" in refused.value.message
    assert sum(q.min for q in refused.value.relaxation) == 2  # lowered by 2 seats in total


def test_given_cross_category_clash_when_checked_then_relaxation_is_feasible() -> None:
    pool = pool_of(people(ROWS))
    quotas = [
        Quota(category="gender", value="f", min=4, max=4),
        Quota(category="area", value="south", min=4, max=4),
        Quota(category="area", value="north", min=0, max=0),
    ]

    with pytest.raises(QuotasInfeasible) as refused:
        feasible_panel(pool, quotas, 4)

    relaxed = {q.label(): q for q in refused.value.relaxation}
    merged = [relaxed.get(q.label(), q) for q in quotas]
    assert satisfies(feasible_panel(pool, merged, 4), pool, merged, 4)
    assert "Smallest relaxation" in refused.value.message


def test_given_more_seats_than_respondents_when_checked_then_refused() -> None:
    pool = pool_of(people(ROWS[:3]))

    with pytest.raises(QuotasInfeasible, match="cannot be drawn"):
        feasible_panel(pool, [], 5)


@settings(max_examples=30, deadline=None)
@given(drawable())
def test_given_any_quotas_when_refused_then_the_relaxation_is_feasible(
    instance: tuple[list[Respondent], list[Quota], int],
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)

    try:
        panel = feasible_panel(pool, quotas, seats)
    except QuotasInfeasible as refused:
        relaxed = {q.label(): q for q in refused.relaxation}
        quotas = [relaxed.get(q.label(), q) for q in quotas]
        panel = feasible_panel(pool, quotas, seats)

    assert satisfies(panel, pool, quotas, seats)
