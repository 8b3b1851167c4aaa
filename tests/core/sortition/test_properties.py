"""Properties of the draw on any small pool: the optimum is the brute-force one, every ticket
meets the quotas, the same log gives the same panel, and the recorded probabilities are the
ticket list's average."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sortition.feasibility import QuotasInfeasible
from core.sortition.leximin import Distribution, leximin, maximin
from core.sortition.lottery import probabilities_by_respondent, select, tickets_of
from core.sortition.model import Pool, Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from tests.core.sortition.brute import leximin_levels
from tests.core.sortition.instances import drawable, tangled

TOLERANCE = 1e-6
Instance = tuple[list[Respondent], list[Quota], int]


def solved(instance: Instance, solve=leximin) -> tuple[Pool, Distribution] | None:  # type: ignore[no-untyped-def]
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        return pool, solve(pool, quotas, seats)
    except QuotasInfeasible:
        return None


@settings(max_examples=40, deadline=None)
@given(tangled())
def test_given_tiny_pool_when_maximin_then_minimum_is_the_brute_force_optimum(
    instance: Instance,
) -> None:
    found = solved(instance, maximin)
    if found is None:
        return
    pool, distribution = found
    _, quotas, seats = instance

    best = leximin_levels(pool, quotas, seats)[0]

    assert distribution.minimum == pytest.approx(best, abs=TOLERANCE)
    assert distribution.bound >= best - TOLERANCE
    assert distribution.gap <= TOLERANCE


@settings(max_examples=40, deadline=None)
@given(tangled())
def test_given_tiny_pool_when_leximin_then_sorted_probabilities_are_the_brute_force_ones(
    instance: Instance,
) -> None:
    found = solved(instance)
    if found is None:
        return
    pool, distribution = found
    _, quotas, seats = instance

    best = leximin_levels(pool, quotas, seats)

    assert sorted(distribution.probabilities) == pytest.approx(best, abs=10 * TOLERANCE)
    assert all(satisfies(p, pool, quotas, seats) for p in distribution.panels)
    assert sum(distribution.weights) == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(st.one_of(drawable(), tangled()))
def test_given_any_pool_when_solved_then_panels_meet_quotas_and_leximin_beats_maximin(
    instance: Instance,
) -> None:
    first = solved(instance, maximin)
    if first is None:
        return
    pool, fair = first
    _, quotas, seats = instance

    full = leximin(pool, quotas, seats)

    assert all(satisfies(p, pool, quotas, seats) for p in (*fair.panels, *full.panels))
    assert lexicographically_at_least(full.probabilities, fair.probabilities)
    assert lexicographically_at_least(full.target, full.probabilities)


@settings(max_examples=25, deadline=None)
@given(st.one_of(drawable(), tangled()))
def test_given_any_pool_when_tickets_are_drawn_then_every_ticket_meets_the_quotas(
    instance: Instance,
) -> None:
    found = solved(instance)
    if found is None:
        return
    pool, distribution = found
    _, quotas, seats = instance

    tickets = tickets_of(distribution)

    assert all(satisfies(t, pool, quotas, seats) for t in tickets)


@settings(max_examples=25, deadline=None)
@given(drawable(), st.binary(min_size=32, max_size=32), st.randoms(use_true_random=False))
def test_given_same_pool_tickets_and_seed_when_selected_again_then_same_panel_and_reserve(
    instance: Instance, seed: bytes, shuffler: object
) -> None:
    found = solved(instance)
    if found is None:
        return
    pool, distribution = found
    respondents = list(instance[0])
    tickets = tickets_of(distribution)

    first = select(pool, tickets, seed)
    shuffler.shuffle(respondents)  # type: ignore[attr-defined]
    again = select(pool_of(respondents), tickets_of(distribution), seed)

    assert first == again


@settings(max_examples=25, deadline=None)
@given(st.one_of(drawable(), tangled()))
def test_given_tickets_when_recorded_then_each_probability_is_the_ticket_list_average(
    instance: Instance,
) -> None:
    found = solved(instance)
    if found is None:
        return
    pool, distribution = found
    tickets = tickets_of(distribution)
    type_of = {p: t for t, members in enumerate(pool.members) for p in members}

    recorded = probabilities_by_respondent(pool, tickets)

    for person, probability in recorded.items():
        t = type_of[person]
        seated = sum(ticket[t] for ticket in tickets)
        assert probability == pytest.approx(seated / (len(tickets) * pool.counts[t]))
    assert sum(recorded.values()) == pytest.approx(instance[2])


def lexicographically_at_least(these: tuple[float, ...], those: tuple[float, ...]) -> bool:
    """Sorted ascending, the first entry that differs (beyond the tolerance) is larger."""
    for a, b in zip(sorted(these), sorted(those), strict=True):
        if abs(a - b) > 10 * TOLERANCE:
            return a > b
    return True
