from __future__ import annotations

import pytest

from core.sortition.herding import herd, relaxed_leximin
from core.sortition.leximin import leximin
from core.sortition.lottery import ticket_probabilities
from core.sortition.model import Quota, pool_of
from core.sortition.panels import satisfies
from tests.core.sortition.instances import people

ROWS = [("f", "north")] * 8 + [("m", "north")] * 6 + [("f", "south")] * 4 + [("m", "south")] * 2
QUOTAS = [
    Quota(category="gender", value="f", min=2, max=2),
    Quota(category="area", value="south", min=1, max=2),
]


def test_given_two_categories_when_relaxed_leximin_then_it_equals_the_exact_one() -> None:
    pool = pool_of(people(ROWS))

    relaxed = relaxed_leximin(pool, QUOTAS, 4)

    assert relaxed == pytest.approx(leximin(pool, QUOTAS, 4).probabilities, abs=1e-6)


def test_given_target_when_herding_then_tickets_meet_quotas_and_average_close_to_it() -> None:
    pool = pool_of(people(ROWS))
    target = relaxed_leximin(pool, QUOTAS, 4)

    tickets = herd(pool, QUOTAS, 4, target, tickets=200)

    assert len(tickets) == 200
    assert all(satisfies(t, pool, QUOTAS, 4) for t in tickets)
    assert ticket_probabilities(pool, tickets) == pytest.approx(target, abs=0.02)
