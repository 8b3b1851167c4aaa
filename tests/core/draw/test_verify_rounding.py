"""What the committed ticket list says of its rounding holds together, and the auditor says so
when it does not: a deviation at or above its proven bound, or a committed minimum further below
the unrounded one than the deviation allows; a v1 list (largest remainders) claims nothing."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from core.draw import rules
from core.draw.events import TicketsCommitted
from core.draw.state import folded
from core.draw.verify import verify
from core.sortition import lottery
from core.sortition.leximin import leximin
from core.vocabulary import PARIS
from tests.core.draw.builders import CLERK, COMMITTED_AT, committed, drawn

replace = msgspec.structs.replace


def _tickets(facts) -> list[TicketsCommitted]:
    return [f for f in facts if isinstance(f, TicketsCommitted)]


def _broken(facts, arrived) -> set[str]:
    return {v.rule for v in verify(facts, arrived, vocabulary=PARIS)}


def _swapped(facts, change):
    i = next(i for i, f in enumerate(facts) if isinstance(f, TicketsCommitted))
    return [*facts[:i], change(facts[i]), *facts[i + 1 :]]


def test_given_a_draw_then_each_ticket_list_names_its_rounding_and_keeps_its_bound():
    _, _, facts, arrived = drawn()

    listed = _tickets(facts)

    assert listed and all(t.rounding == lottery.ITERATED for t in listed)
    for t in listed:
        assert t.bound is not None and t.deviation is not None and t.unrounded is not None
        assert Decimal(t.deviation) < Decimal(t.bound)
        assert Decimal(t.minimum) >= Decimal(t.unrounded) - Decimal(t.bound)
    assert verify(facts, arrived, vocabulary=PARIS) == []


def test_given_a_deviation_above_its_bound_when_verified_then_the_bound_is_named():
    _, _, facts, arrived = drawn()

    forged = _swapped(facts, lambda t: replace(t, deviation=str(Decimal(t.bound) * 2)))

    assert "ticket-bound" in _broken(forged, arrived)


def test_given_a_minimum_below_what_the_deviation_allows_when_verified_then_it_is_named():
    _, _, facts, arrived = drawn()

    def inflated(t: TicketsCommitted) -> TicketsCommitted:
        return replace(t, unrounded=str(Decimal(t.minimum) + 2 * Decimal(t.deviation) + 1))

    assert "ticket-deviation" in _broken(_swapped(facts, inflated), arrived)


def test_given_an_unknown_rounding_when_verified_then_it_is_named():
    _, _, facts, arrived = drawn()

    assert "ticket-rounding" in _broken(
        _swapped(facts, lambda t: replace(t, rounding="nearest/9")), arrived
    )


def test_given_a_v1_ticket_list_when_verified_then_it_claims_no_bound_and_verifies():
    _, _, facts, arrived = drawn()

    old = _swapped(
        facts,
        lambda t: replace(
            t, rounding=lottery.LARGEST_REMAINDER, unrounded=None, deviation=None, bound=None
        ),
    )

    assert not {"ticket-bound", "ticket-deviation", "ticket-rounding"} & _broken(old, arrived)


def test_given_a_deviation_not_below_the_bound_when_committing_then_refused():
    _, facts = committed()
    first = next(i for i, f in enumerate(facts) if isinstance(f, TicketsCommitted))
    opened = folded(None, facts[:first])
    name = _tickets(facts)[0].subpool
    pool = rules.subpool(opened, name)
    solved = leximin(pool, opened.quotas[name].quotas, opened.seats[name])
    rounded = lottery.lottery_of(pool, solved, 1000)

    with pytest.raises(rules.DrawRefused, match="proven bound"):
        rules.commit_tickets(
            opened,
            name,
            rounded.tickets,
            algorithm="leximin",
            version="test",
            optimum=solved.minimum,
            at=COMMITTED_AT,
            by=CLERK,
            rounding=rounded.rounding,
            unrounded=solved.minimum,
            deviation=0.5,
            bound=0.1,
        )
