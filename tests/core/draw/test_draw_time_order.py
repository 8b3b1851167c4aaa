"""Time order of the draw: the reveal after the declaration (and a drand round after its
publication), the panels after the reveal, the panel's arrival after the reveal, the assembly's
binding after the declaration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.assembly.membership import rules as membership
from core.assembly.membership.commands import ReceivePanel
from core.draw import rules
from core.draw.state import folded
from core.time_order import OutOfTimeOrder
from tests.core.draw.builders import CEREMONY_AT, CLERK, COMMITTED_AT, assembly, committed, rolled
from tests.core.draw.test_reveal_and_draw import _beacon_draw


def refused(match: str):
    return pytest.raises(OutOfTimeOrder, match=match)


def test_given_a_declared_source_when_the_reveal_is_dated_before_it_then_refused():
    _, facts = committed()

    with refused("the randomness cannot be revealed at .*: its source was declared at"):
        rules.reveal(
            folded(None, facts),
            beacon=None,
            dice=rolled(),
            at=COMMITTED_AT - timedelta(hours=1),
            by=CLERK,
        )


def test_given_a_drand_round_when_revealed_before_the_chain_published_it_then_refused():
    draw, beacon = _beacon_draw()

    with refused("drand round 12040883 cannot be revealed at .*: the chain published it at"):
        rules.reveal(draw, beacon=beacon, dice=None, at=datetime(2024, 10, 5, tzinfo=UTC), by=CLERK)


def test_given_a_revealed_seed_when_the_panels_are_drawn_before_it_then_refused():
    _, facts = committed()
    draw = folded(None, facts)
    revealed = rules.reveal(draw, beacon=None, dice=rolled(), at=CEREMONY_AT, by=CLERK)

    with refused("the panels cannot be drawn at .*: the randomness was revealed at"):
        rules.draw_panels(folded(draw, [revealed]), at=CEREMONY_AT - timedelta(hours=1), by=CLERK)


def test_given_a_revealed_draw_when_its_panel_arrives_before_the_reveal_then_refused():
    bound, facts = committed()
    draw = folded(None, facts)
    revealed = rules.reveal(draw, beacon=None, dice=rolled(), at=CEREMONY_AT, by=CLERK)
    draw = folded(draw, [revealed])
    panel, reserves = rules.handed_over(draw, rules.draw_panels(draw, at=CEREMONY_AT, by=CLERK))

    with refused("cannot arrive at .*: the randomness that draws it was revealed at"):
        membership.receive_panel(
            bound,
            ReceivePanel(
                assembly_id=bound.id,
                panel=panel,
                reserves=reserves,
                draw=draw.id,
                at=CEREMONY_AT - timedelta(hours=1),
                by=CLERK,
            ),
            revealed_at=revealed.at,
        )


def test_given_a_declaration_when_the_assembly_binds_itself_before_it_then_refused():
    _, facts = committed()
    declared = facts[-1]

    with refused("cannot bind itself to draw .*: its randomness source was declared at"):
        rules.announce(assembly(), declared, at=COMMITTED_AT - timedelta(hours=1), by=CLERK)
