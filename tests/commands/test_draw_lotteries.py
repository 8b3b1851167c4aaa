"""The sub-pools' lotteries computed side by side are the lotteries computed one by one: each
depends on its pool and quotas alone."""

from __future__ import annotations

from commands.drawing import lotteries
from core.draw import rules
from core.draw.state import Draw, folded
from core.events import Event
from core.sortition import lottery
from core.sortition.leximin import leximin
from core.vocabulary import PARIS
from tests.core.draw.builders import CLERK, COMMITTED_AT, DRAW_ID, assembly, entries, quotas


def _quotas_committed() -> Draw:
    facts: list[Event] = [
        rules.open_draw(
            assembly(), new_id=DRAW_ID, reserves=None, tickets=1000, at=COMMITTED_AT, by=CLERK
        )
    ]
    facts += rules.enter_pool(
        folded(None, facts), entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK
    )
    draw = folded(None, facts)
    for name, qs in sorted(quotas().items()):
        draw = folded(draw, [rules.commit_quotas(draw, name, qs, at=COMMITTED_AT, by=CLERK)])
    return draw


def test_given_three_subpools_when_optimised_side_by_side_then_the_same_lotteries_as_in_turn():
    draw = _quotas_committed()

    side_by_side = lotteries(draw, "leximin", workers=2)
    in_turn = lotteries(draw, "leximin", workers=1)

    assert sorted(side_by_side) == sorted(draw.seats)
    assert side_by_side == in_turn
    for name, (solved, rounded) in side_by_side.items():
        pool, committed = rules.subpool(draw, name), draw.quotas[name]
        alone = leximin(pool, committed.quotas, committed.seats)
        assert (solved, rounded) == (alone, lottery.lottery_of(pool, alone, 1000))
