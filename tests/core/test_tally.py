"""Quorum and thresholds in exact integers, with the rule written out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.assembly.ballots.model import Tally
from core.assembly.ballots.tally import outcome, quorum_needed
from core.assembly.charter import Abstentions, Rules, Threshold


def _outcome(f, a, ab, threshold=Threshold.SIMPLE_MAJORITY, present=60, seated=100, **rules):
    return outcome(
        Tally(in_favour=f, against=a, abstentions=ab),
        threshold=threshold,
        rules=Rules(**rules),
        seated=seated,
        present=present,
    )


def test_given_half_the_seats_when_quorum_is_half_then_exactly_half_is_enough() -> None:
    assert quorum_needed(Decimal("0.5"), 99) == 50
    assert _outcome(30, 10, 0, present=50).quorum_met


def test_given_too_few_present_when_closed_then_not_adopted_and_the_rule_says_why() -> None:
    result = _outcome(40, 0, 0, present=49)

    assert not result.adopted
    assert result.rule.startswith("no quorum: 49 present, 50 needed of 100 seated")


@pytest.mark.parametrize(
    ("tally", "threshold", "adopted"),
    [
        ((31, 30, 5), Threshold.SIMPLE_MAJORITY, True),
        ((30, 30, 5), Threshold.SIMPLE_MAJORITY, False),
        ((50, 1, 0), Threshold.ABSOLUTE_MAJORITY, False),
        ((51, 1, 0), Threshold.ABSOLUTE_MAJORITY, True),
        ((40, 20, 0), Threshold.TWO_THIRDS, True),
        ((39, 20, 0), Threshold.TWO_THIRDS, False),
        ((50, 0, 9), Threshold.CONSENSUS, True),
        ((50, 1, 0), Threshold.CONSENSUS, False),
    ],
)
def test_given_a_tally_when_the_threshold_applies_then_the_outcome_follows(
    tally, threshold, adopted
) -> None:
    assert _outcome(*tally, threshold=threshold).adopted is adopted


def test_given_abstentions_counted_when_they_outnumber_then_a_simple_majority_fails() -> None:
    not_counted = _outcome(31, 30, 10)
    counted = _outcome(31, 30, 10, abstentions=Abstentions.COUNTED)

    assert not_counted.adopted and not counted.adopted
    assert (not_counted.votes_cast, counted.votes_cast) == (61, 71)
