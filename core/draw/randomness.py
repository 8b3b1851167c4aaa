"""Where the seed comes from, and the checks that make it unpredictable when the commitments
were made: a drand round published only after the declaration, and/or dice rolled at a public
ceremony that starts after it, witnessed by the officials it names."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.draw.events import Beacon, BeaconRound, Ceremony, DiceRolled, RandomnessDeclared
from core.errors import DomainError
from core.sortition import beacon as drand

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
        starts = _when(ceremony.starts_at)
        if starts <= at:
            raise RandomnessRefused(
                f"the dice ceremony starts at {ceremony.starts_at}, not after this declaration"
            )
        if not ceremony.witnesses or not ceremony.place:
            raise RandomnessRefused("a dice ceremony names its place and at least one witness")
        if ceremony.rolls < 1 or not 2 <= ceremony.sides <= 10:
            raise RandomnessRefused("a ceremony rolls at least once, dice of 2 to 10 sides")


def check_revealed(
    declared: RandomnessDeclared,
    beacon: BeaconRound | None,
    dice: DiceRolled | None,
    *,
    at: datetime,
) -> None:
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
    if declared.dice is not None and dice is not None:
        _check_dice(declared.dice, dice, at)


def _check_beacon(declared: Beacon, revealed: BeaconRound) -> None:
    if revealed.round != declared.round:
        raise RandomnessRefused(
            f"drand round {revealed.round} revealed, round {declared.round} was declared"
        )
    drand.verify(_chain(declared), msgspec.json.encode(revealed), declared.round)


def _check_dice(ceremony: Ceremony, rolled: DiceRolled, at: datetime) -> None:
    if at < _when(ceremony.starts_at):
        raise RandomnessRefused(f"the dice ceremony starts at {ceremony.starts_at}, not before")
    if len(rolled.digits) != ceremony.rolls:
        raise RandomnessRefused(f"{len(rolled.digits)} dice digits for {ceremony.rolls} rolls")
    bad = sorted({d for d in rolled.digits if not d.isdigit() or int(d) >= ceremony.sides})
    if bad:
        raise RandomnessRefused(
            f"digits {bad} cannot come from {ceremony.sides}-sided dice (0..{ceremony.sides - 1})"
        )
    strangers = sorted(set(rolled.witnesses) - set(ceremony.witnesses))
    absent = sorted(set(ceremony.witnesses) - set(rolled.witnesses))
    if strangers or absent:
        raise RandomnessRefused(
            f"the declared witnesses sign the result: not declared {strangers}, absent {absent}"
        )


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


def _when(iso: str) -> datetime:
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        raise RandomnessRefused(f"{iso!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise RandomnessRefused(f"{iso!r} needs a timezone, e.g. {iso}+01:00")
    return when
