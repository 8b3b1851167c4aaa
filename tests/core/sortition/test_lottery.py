from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sortition.feasibility import QuotasInfeasible
from core.sortition.leximin import Distribution, leximin
from core.sortition.lottery import (
    TICKETS,
    SeedRefused,
    deviation,
    probabilities_by_respondent,
    select,
    ticket_index,
    ticket_probabilities,
    tickets_of,
)
from core.sortition.model import Quota, Respondent, pool_of
from core.sortition.panels import satisfies
from tests.core.sortition.instances import drawable, people

SEED = bytes(range(32))
ROWS = [("f", "north")] * 3 + [("m", "north")] * 4 + [("f", "south")] * 5 + [("m", "south")] * 2
QUOTAS = [
    Quota(category="gender", value="f", min=2, max=3),
    Quota(category="area", value="south", min=2, max=2),
]


def test_given_weights_when_rounded_then_largest_remainders_fill_m_tickets() -> None:
    distribution = Distribution(
        panels=((1, 0), (0, 1), (1, 1)),
        weights=(0.3334, 0.3333, 0.3333),
        probabilities=(0.0, 0.0),
    )

    tickets = tickets_of(distribution)

    assert len(tickets) == TICKETS
    assert [tickets.count(p) for p in ((1, 0), (0, 1), (1, 1))] == [334, 333, 333]
    assert list(tickets) == sorted(tickets)


def test_given_seed_when_ticket_index_then_it_is_sha256_of_seed_and_ticket_mod_m() -> None:
    expected = int.from_bytes(hashlib.sha256(SEED + b"ticket").digest(), "big") % TICKETS

    assert ticket_index(SEED, TICKETS) == expected


def test_given_short_seed_when_selecting_then_refused() -> None:
    pool = pool_of(people(ROWS))

    with pytest.raises(SeedRefused):
        select(pool, [(1, 1, 1, 1)], b"short")


def test_given_ticket_when_selecting_then_each_type_takes_its_first_by_seeded_hash() -> None:
    pool = pool_of(people(ROWS))
    tickets = tickets_of(leximin(pool, QUOTAS, 4))

    drawn = select(pool, tickets, SEED)

    chosen = tickets[drawn.ticket]
    for t, members in enumerate(pool.members):
        ordered = sorted(members, key=lambda p: hashlib.sha256(SEED + p.encode()).digest())
        assert [p for p in drawn.panel if p in members] == ordered[: chosen[t]]
    assert sorted(drawn.panel + drawn.reserve) == sorted(p for m in pool.members for p in m)


def test_given_lottery_when_recording_then_probabilities_are_ticket_averages_near_leximin() -> None:
    pool = pool_of(people(ROWS))
    distribution = leximin(pool, QUOTAS, 4)

    tickets = tickets_of(distribution)
    recorded = probabilities_by_respondent(pool, tickets)

    assert sum(recorded.values()) == pytest.approx(4)
    assert deviation(pool, distribution, tickets) <= 1 / TICKETS
    assert set(recorded.values()) == set(ticket_probabilities(pool, tickets))


@settings(max_examples=20, deadline=None)
@given(drawable(), st.binary(min_size=32, max_size=32))
def test_given_any_pool_and_seed_when_drawn_then_tickets_meet_quotas_and_draw_repeats(
    instance: tuple[list[Respondent], list[Quota], int], seed: bytes
) -> None:
    respondents, quotas, seats = instance
    pool = pool_of(respondents)
    try:
        tickets = tickets_of(leximin(pool, quotas, seats))
    except QuotasInfeasible:
        return

    first = select(pool, tickets, seed)
    again = select(pool_of(reversed(respondents)), tickets, seed)

    assert all(satisfies(t, pool, quotas, seats) for t in tickets)
    assert first == again
    assert len(first.panel) == seats
    assert len(first.reserve) == len(respondents) - seats
