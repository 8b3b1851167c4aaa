"""The committed lottery keeps the LEXIMIN: iterated rounding of the panel weights to m tickets
moves no person's probability by its proven bound or more, on every person of many pools; and
on 2,000 respondents with tight (±1 seat) census quotas it keeps the minimum closer to the
LEXIMIN than largest remainders do."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sortition import lottery, rounding
from core.sortition.feasibility import QuotasInfeasible
from core.sortition.leximin import Distribution, leximin
from core.sortition.model import Pool, Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from core.sortition.progress import Progress
from core.sortition.rounding import iterated, largest_remainders
from tests.core.sortition import synthetic
from tests.core.sortition.instances import drawable, tangled


@st.composite
def weighted_panels(draw: st.DrawFn) -> tuple[list[tuple[int, ...]], list[float], list[int], int]:
    """Any lottery over any panels (the bound needs no quotas): 1-12 types of 1-5 people,
    2-40 panels, weights from a Dirichlet-like draw, m from 1 to 5,000."""
    counts = draw(st.lists(st.integers(1, 5), min_size=1, max_size=12))
    size = draw(st.integers(2, 40))
    panels = [tuple(draw(st.integers(0, n)) for n in counts) for _ in range(size)]
    raw = draw(st.lists(st.floats(0.001, 1.0), min_size=size, max_size=size))
    tickets = draw(st.sampled_from([1, 2, 7, 100, 999, 1000, 5000]))
    return panels, [w / sum(raw) for w in raw], counts, tickets


def _moves(panels, weights, counts, tickets, found) -> np.ndarray:
    a = np.array([[x / n for x, n in zip(p, counts, strict=True)] for p in panels], float).T
    exact = a @ np.array(weights, float)
    committed = a @ np.array(found, float) / tickets
    return np.abs(committed - exact)


@settings(max_examples=300, deadline=None)
@given(weighted_panels())
def test_given_any_lottery_when_rounded_then_no_type_moves_by_the_bound(instance) -> None:
    panels, weights, counts, tickets = instance

    rounded = iterated(panels, weights, counts, tickets)

    moved = _moves(panels, weights, counts, tickets, rounded.counts)
    assert sum(rounded.counts) == tickets and min(rounded.counts) >= 0
    assert moved.max() == pytest.approx(rounded.deviation, abs=1e-12)
    assert rounded.deviation < rounded.bound
    a_max = max(x / n for p in panels for x, n in zip(p, counts, strict=True))
    columns = max(sum(x / n for x, n in zip(p, counts, strict=True)) for p in panels)
    assert rounded.bound <= (columns + a_max) / tickets + 2e-9


@settings(max_examples=200, deadline=None)
@given(weighted_panels())
def test_given_any_lottery_when_the_moves_are_pruned_then_the_same_tickets_as_unpruned(
    instance,
) -> None:
    panels, weights, counts, tickets = instance

    pruned = iterated(panels, weights, counts, tickets)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding, "RAISE", math.inf)  # every move evaluated at every step
        unpruned = iterated(panels, weights, counts, tickets)

    assert pruned == unpruned


@settings(max_examples=60, deadline=None)
@given(st.one_of(drawable(), tangled()), st.sampled_from([1000, 10, 3000]))
def test_given_any_pool_when_its_leximin_is_committed_then_every_person_keeps_the_bound(
    instance: tuple[list[Respondent], list[Quota], int], tickets: int
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        solved = leximin(pool, quotas, seats)
    except QuotasInfeasible:
        return

    found = lottery.lottery_of(pool, solved, tickets)

    assert found.rounding == lottery.ITERATED and found.bound is not None
    assert len(found.tickets) == tickets and list(found.tickets) == sorted(found.tickets)
    assert all(satisfies(t, pool, quotas, seats) for t in found.tickets)
    committed = lottery.probabilities_by_respondent(pool, found.tickets)
    optimised = {p: solved.probabilities[t] for t, ms in enumerate(pool.members) for p in ms}
    for person, chance in committed.items():  # every person, not only every type
        assert abs(chance - optimised[person]) <= found.deviation + 1e-12
    assert found.deviation < found.bound
    assert min(committed.values()) >= solved.minimum - found.bound
    assert lottery.lottery_of(pool, solved, tickets) == found  # deterministic


def test_given_old_facts_when_rounded_by_name_then_largest_remainders_are_still_reachable():
    distribution = Distribution(
        panels=((1, 0), (0, 1), (1, 1)), weights=(0.3334, 0.3333, 0.3333), probabilities=(0, 0)
    )
    pool = Pool(categories=("c",), types=(("a",), ("b",)), counts=(1, 1), members=(("x",), ("y",)))

    old = lottery.lottery_of(pool, distribution, 1000, lottery.LARGEST_REMAINDER)

    assert old.tickets == lottery.tickets_of(distribution, 1000)
    assert old.bound is None
    assert largest_remainders(distribution.weights, 1000) == (334, 333, 333)


def test_given_an_unknown_rounding_when_asked_then_refused_naming_the_known_ones():
    distribution = Distribution(panels=((1,),), weights=(1.0,), probabilities=(1.0,))
    pool = Pool(categories=("c",), types=(("a",),), counts=(1,), members=(("x",),))

    with pytest.raises(lottery.RoundingUnknown, match="iterated/1"):
        lottery.lottery_of(pool, distribution, 1000, "nearest/9")


def _tight(seats: int) -> list[Quota]:
    """The census target of every value, ±1 seat."""
    return [
        Quota(
            category=c,
            value=v,
            min=max(0, math.floor(seats * share) - 1),
            max=math.ceil(seats * share) + 1,
        )
        for c in synthetic.MARGINS
        for v, share in synthetic.shares(c).items()
    ]


@pytest.mark.timeout(300)
def test_given_2000_respondents_and_tight_quotas_then_the_minimum_stays_nearer_the_leximin(
    capsys,
) -> None:
    pool = pool_of(synthetic.respondents(2000, seed=15))
    solved = leximin(pool, _tight(100), 100)
    plain = lottery.tickets_of(solved, 1000)

    ours = lottery.lottery_of(pool, solved, 1000)

    plain_min = min(lottery.ticket_probabilities(pool, plain))
    ours_min = min(lottery.ticket_probabilities(pool, ours.tickets))
    plain_dev = lottery.deviation(pool, solved, plain)
    assert ours.bound is not None
    with capsys.disabled():
        print(
            f"\n  2,000 respondents, 100 seats, census ±1 seat, m = 1,000: LEXIMIN minimum "
            f"{solved.minimum:.5f}; largest remainders {plain_min:.5f} (largest move "
            f"{plain_dev:.5f}); iterated {ours_min:.5f} (largest move {ours.deviation:.5f}, "
            f"proven < {ours.bound:.4f})"
        )
    assert ours_min > plain_min  # the minimum stays nearer the LEXIMIN's
    assert ours.deviation <= plain_dev + 1e-12  # and no person moves further
    assert ours_min >= solved.minimum - ours.bound
    assert ours.deviation < ours.bound


def test_given_a_progress_listener_when_rounding_then_it_hears_panels_made_whole() -> None:
    panels = [(1, 0, 1), (0, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 1)]
    heard: list[Progress] = []
    found = iterated(panels, [0.2013, 0.1987, 0.3, 0.15, 0.15], [2, 1, 3], 7, heard.append)
    assert sum(found.counts) == 7
    assert heard, "the rounding reported nothing"
    assert {p.stage for p in heard} == {"rounding"}
    assert all(0 <= p.fixed < p.types and p.panels == len(panels) for p in heard)
    assert [p.fixed for p in heard] == sorted(p.fixed for p in heard)
