"""The arithmetic of a decision: quorum, votes cast, the threshold, in exact integers."""

from __future__ import annotations

import math
from decimal import Decimal

from core.assembly.ballots.model import Outcome, Tally
from core.assembly.charter import Abstentions, Rules, Threshold


def quorum_needed(quorum: Decimal, seated: int) -> int:
    """The least number present that is at least the quorum's share of the seated."""
    return math.ceil(quorum * seated)


def outcome(
    tally: Tally, *, threshold: Threshold, rules: Rules, seated: int, present: int
) -> Outcome:
    needed_present = quorum_needed(rules.quorum, seated)
    quorum_met = present >= needed_present
    counted = rules.abstentions is Abstentions.COUNTED
    votes_cast = tally.in_favour + tally.against + (tally.abstentions if counted else 0)
    if threshold is Threshold.SIMPLE_MAJORITY:
        needed = votes_cast // 2 + 1
        rule = f"simple majority: more than half of {votes_cast} votes cast"
    elif threshold is Threshold.ABSOLUTE_MAJORITY:
        needed = seated // 2 + 1
        rule = f"absolute majority: more than half of {seated} seated members"
    elif threshold is Threshold.TWO_THIRDS:
        needed = max(math.ceil(Decimal(2 * votes_cast) / 3), 1)
        rule = f"two thirds of {votes_cast} votes cast"
    else:
        needed = max(tally.in_favour, 1) if tally.against == 0 else tally.in_favour + 1
        rule = "consensus: no vote against"
    passed = tally.in_favour >= needed and (
        threshold is not Threshold.CONSENSUS or tally.against == 0
    )
    abstain = "abstentions counted as votes cast" if counted else "abstentions not counted"
    if not quorum_met:
        rule = f"no quorum: {present} present, {needed_present} needed of {seated} seated"
    else:
        rule = f"{rule}; {abstain}; quorum {present}/{needed_present} of {seated} seated"
    return Outcome(
        tally=tally,
        seated=seated,
        present=present,
        quorum_needed=needed_present,
        quorum_met=quorum_met,
        threshold=threshold,
        votes_cast=votes_cast,
        needed=needed,
        adopted=quorum_met and passed,
        rule=rule,
    )
