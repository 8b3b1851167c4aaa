from __future__ import annotations

import pytest

from core.sortition.model import PoolRefused, Quota, Respondent, check_quotas, pool_of
from tests.core.sortition.instances import people


def test_given_respondents_when_grouped_then_types_are_sorted_with_counts_and_members() -> None:
    respondents = people([("m", "south"), ("f", "north"), ("m", "south")])

    pool = pool_of(reversed(respondents))

    assert pool.categories == ("area", "gender")
    assert pool.types == (("north", "f"), ("south", "m"))
    assert pool.counts == (1, 2)
    assert pool.members == (("r001",), ("r000", "r002"))


def test_given_two_subpools_when_grouped_then_refused() -> None:
    respondents = [*people([("f", "north")]), *people([("m", "south")], subpool="minors")]

    with pytest.raises(PoolRefused, match="one draw per sub-pool"):
        pool_of(respondents)


def test_given_missing_criterion_when_grouped_then_refused() -> None:
    respondents = [
        *people([("f", "north")]),
        Respondent(pseudonym="x", subpool="rolls", criteria={"gender": "m"}),
    ]

    with pytest.raises(PoolRefused, match="answers"):
        pool_of(respondents)


def test_given_quota_on_unknown_category_when_checked_then_refused() -> None:
    pool = pool_of(people([("f", "north"), ("m", "south")]))

    with pytest.raises(PoolRefused, match="unknown category"):
        check_quotas(pool, [Quota(category="age", value="65+", min=0, max=1)])
