"""Revealing the declared randomness and drawing: the seed is bound to the commitments, the
material must be the declared one, and the same log always gives the same panel."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.assembly.membership.commands import ReceivePanel
from core.assembly.membership.rules import InvalidPanel, receive_panel
from core.draw import commitment, rules
from core.draw.events import Beacon, BeaconRound
from core.draw.randomness import RandomnessRefused
from core.draw.state import folded
from core.sortition.beacon import BadSignature
from core.sortition.dice import DiceRefused
from tests.core.draw.builders import CEREMONY_AT, CLERK, committed, drawn, rolled

DATA = Path(__file__).parents[1] / "sortition" / "data"
QUICKNET = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"


def test_given_the_ceremony_when_revealing_then_the_seed_is_bound_to_the_commitment():
    _, facts = committed()
    draw = folded(None, facts)

    revealed = rules.reveal(draw, beacon=None, dice=rolled(), at=CEREMONY_AT, by=CLERK)

    material = commitment.revealed_material(None, rolled())
    expected = hashlib.sha256(bytes.fromhex(draw.declared.commitment) + material).hexdigest()
    assert revealed.seed == expected


def test_given_dice_before_the_ceremony_when_revealing_then_refused():
    _, facts = committed()

    with pytest.raises(RandomnessRefused, match="not before"):
        rules.reveal(folded(None, facts), beacon=None, dice=rolled(), at=facts[0].at, by=CLERK)


@pytest.mark.parametrize(
    ("digits", "witnesses", "complaint"),
    [
        ("31415", None, "5 digits revealed"),
        ("31415x", None, "digit 6 is 'x'"),
        ("314159", ("Someone else",), "not declared"),
    ],
)
def test_given_wrong_dice_when_revealing_then_refused(digits, witnesses, complaint):
    _, facts = committed()
    dice = rolled(digits)
    if witnesses:
        dice = type(dice)(digits=digits, signed_by=witnesses)

    with pytest.raises(DiceRefused, match=complaint):
        rules.reveal(folded(None, facts), beacon=None, dice=dice, at=CEREMONY_AT, by=CLERK)


def test_given_dice_declared_when_revealing_a_beacon_instead_then_refused():
    _, facts = committed()
    beacon = BeaconRound(round=1, randomness="00", signature="00")

    with pytest.raises(RandomnessRefused, match="declared one"):
        rules.reveal(folded(None, facts), beacon=beacon, dice=rolled(), at=CEREMONY_AT, by=CLERK)


def _beacon_draw():
    vector = json.loads((DATA / "quicknet-12040883.json").read_text())
    before = datetime(2024, 10, 1, tzinfo=UTC)
    _, facts = committed()
    draw = folded(None, facts[:-1])
    declared = rules.declare(
        draw,
        beacon=Beacon(chain="quicknet", chain_hash=QUICKNET, round=vector["round"]),
        ceremony=None,
        at=before,
        by=CLERK,
    )
    return folded(draw, [declared]), BeaconRound(**vector)


def test_given_a_future_drand_round_when_its_real_beacon_is_revealed_then_it_verifies():
    draw, beacon = _beacon_draw()

    revealed = rules.reveal(
        draw, beacon=beacon, dice=None, at=datetime(2024, 10, 15, tzinfo=UTC), by=CLERK
    )

    assert revealed.seed == commitment.seed(draw.declared.commitment, beacon, None).hex()


def test_given_a_forged_beacon_signature_when_revealing_then_refused():
    draw, beacon = _beacon_draw()
    flipped = "0" if beacon.signature[-1] != "0" else "1"
    forged = BeaconRound(
        round=beacon.round, randomness=beacon.randomness, signature=beacon.signature[:-1] + flipped
    )

    with pytest.raises(BadSignature):
        rules.reveal(
            draw, beacon=forged, dice=None, at=datetime(2024, 10, 15, tzinfo=UTC), by=CLERK
        )


def test_given_another_round_when_revealing_then_refused():
    draw, _ = _beacon_draw()
    other = BeaconRound(**json.loads((DATA / "quicknet-123.json").read_text()))

    with pytest.raises(RandomnessRefused, match="round 123 revealed"):
        rules.reveal(draw, beacon=other, dice=None, at=datetime(2024, 10, 15, tzinfo=UTC), by=CLERK)


def test_given_the_same_log_when_drawing_twice_then_the_same_panel_and_reserves():
    _, first, _, _ = drawn()
    _, second, _, _ = drawn()

    assert first.drawn == second.drawn
    assert {name: len(d.panel) for name, d in first.drawn.items()} == first.seats


def test_given_a_drawn_panel_when_another_panel_arrives_from_elsewhere_then_refused():
    bound, _, _, arrived = drawn()

    with pytest.raises(InvalidPanel, match="bound to draw"):
        receive_panel(
            bound,
            ReceivePanel(
                assembly_id=bound.id,
                panel=arrived[0].panel,
                reserves=(),
                draw=None,
                at=CEREMONY_AT,
                by=CLERK,
            ),
        )
