"""Where the seed comes from, and the checks that make it unpredictable when the commitments
were made: a drand round published only after the declaration, and/or dice rolled at a public
ceremony that starts after it, witnessed by the officials it names."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from core.draw.events import Beacon, BeaconRound, Ceremony, DiceRolled, RandomnessDeclared
from core.errors import DomainError
from core.sortition import beacon as drand
from core.sortition import dice
from core.time_order import after

CHAINS: dict[str, drand.Chain] = {c.beacon_id: c for c in drand.PINNED.values()}
"""The pinned drand chains by name (quicknet, default)."""


class RandomnessRefused(DomainError):
    rule = "randomness"


def check_declared(beacon: Beacon | None, ceremony: Ceremony | None, *, at: datetime) -> None:
    if beacon is None and ceremony is None:
        raise RandomnessRefused("declare a drand round (--beacon-round) and/or a dice ceremony")
    if beacon is not None:
        chain = _chain(beacon)
        published = drand.published_at(chain, beacon.round)
        if published <= at.timestamp():
            raise RandomnessRefused(
                f"drand {beacon.chain} round {beacon.round} was published at "
                f"{datetime.fromtimestamp(published).astimezone(at.tzinfo).isoformat()}, "
                f"not after this declaration ({at.isoformat()}): declare a future round "
                f"(the first after it is {drand.round_at(chain, at.timestamp() + 1)})"
            )
    if ceremony is not None:
        dice.validate_ceremony(ceremony)
        if ceremony.starts_at <= at:
            raise RandomnessRefused(
                f"the dice ceremony starts at {ceremony.starts_at.isoformat()}, "
                "not after this declaration"
            )


def check_revealed(
    declared: RandomnessDeclared,
    beacon: BeaconRound | None,
    dice: DiceRolled | None,
    *,
    at: datetime,
) -> None:
    after(
        at,
        declared.at,
        act="the randomness cannot be revealed",
        fact="its source was declared",
        because="a reveal follows its declaration",
    )
    if (declared.beacon is None) != (beacon is None):
        raise RandomnessRefused(
            "the revealed material must be the declared one: "
            f"a drand round was {'declared' if declared.beacon else 'not declared'}"
        )
    if (declared.dice is None) != (dice is None):
        raise RandomnessRefused(
            "the revealed material must be the declared one: "
            f"dice were {'declared' if declared.dice else 'not declared'}"
        )
    if declared.beacon is not None and beacon is not None:
        _check_beacon(declared.beacon, beacon)
        published = drand.published_at(_chain(declared.beacon), declared.beacon.round)
        after(
            at,
            datetime.fromtimestamp(published, UTC),
            act=f"drand round {declared.beacon.round} cannot be revealed",
            fact="the chain published it",
            because="a beacon round is revealed once published",
        )
    if declared.dice is not None and dice is not None:
        _check_dice(declared.dice, dice, at)


def _check_beacon(declared: Beacon, revealed: BeaconRound) -> None:
    if revealed.round != declared.round:
        raise RandomnessRefused(
            f"drand round {revealed.round} revealed, round {declared.round} was declared"
        )
    drand.verify(_chain(declared), msgspec.json.encode(revealed), declared.round)


def _check_dice(ceremony: Ceremony, rolled: DiceRolled, at: datetime) -> None:
    if at < ceremony.starts_at:
        raise RandomnessRefused(
            f"the dice ceremony starts at {ceremony.starts_at.isoformat()}, not before"
        )
    dice.validate_roll(ceremony, rolled)


def _chain(beacon: Beacon) -> drand.Chain:
    chain = CHAINS.get(beacon.chain)
    if chain is None:
        raise RandomnessRefused(
            f"unknown drand chain {beacon.chain!r}; pinned chains: {', '.join(CHAINS)}"
        )
    if chain.hash != beacon.chain_hash:
        raise RandomnessRefused(
            f"drand chain {beacon.chain!r} is pinned as {chain.hash}, not {beacon.chain_hash}"
        )
    return chain
