"""A public dice ceremony under a bailiff, and the revealed material the seed is hashed from.

Declared before any randomness exists: when and where, the bailiff, the witnesses (public
officials, never respondents — their names belong in the log), how many dice are thrown at
once, their sides, and how many throws. Revealed afterwards: the digits read aloud, one character
per die in throw order, and the names of those who signed the minutes — the bailiff and every
declared witness, nobody else. A die with 10 sides reads 0 to 9; a die with 2 to 9 sides reads
1 to its number of sides.

Revealed material (what core/draw hashes after the commitment): the MessagePack array

    [1, [round, signature] or nil, [digits, [signatories]] or nil]

where `round` is the drand round number (integer), `signature` its BLS signature as lowercase
hex (a string), `digits` the dice digits (a string) and `signatories` the bailiff then the
witnesses in declared order (strings). MessagePack writes each integer, string, array and nil
in exactly one shortest form, so any language's MessagePack library gives the same bytes; e.g.
[1, [123, "b75c…"], nil] is 93 01 92 7b d9 60 "b75c…" c0.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct

from core.errors import DomainError

if TYPE_CHECKING:  # a type here only: the beacon's pairing library loads when a beacon is verified
    from core.sortition.beacon import VerifiedBeacon

MATERIAL_FORMAT = 1
_encode = msgspec.msgpack.Encoder().encode


class DiceRefused(DomainError):
    rule = "dice"


class InvalidCeremony(DiceRefused):
    """The declaration itself cannot be held as declared."""


class WrongDigitCount(DiceRefused):
    """Fewer or more digits than dice times throws."""


class DigitOutOfRange(DiceRefused):
    """A character that no face of the declared dice shows."""


class UndeclaredWitness(DiceRefused):
    """Someone signed the minutes who was not declared."""


class MissingWitness(DiceRefused):
    """A declared witness (or the bailiff) did not sign the minutes."""


class NoRandomness(DiceRefused):
    """Revealed material needs a drand round, dice, or both."""


class DiceCeremony(Struct, frozen=True, kw_only=True):
    starts_at: datetime
    place: str
    bailiff: str
    witnesses: tuple[str, ...]
    dice: int
    """Dice thrown together at each throw."""
    sides: int
    rolls: int
    """Throws."""

    @property
    def digits(self) -> int:
        return self.dice * self.rolls

    @property
    def faces(self) -> str:
        return "0123456789" if self.sides == 10 else "123456789"[: self.sides]

    @property
    def signatories(self) -> tuple[str, ...]:
        return (self.bailiff, *self.witnesses)


class DiceRolled(Struct, frozen=True, kw_only=True):
    digits: str
    signed_by: tuple[str, ...]


def validate_ceremony(ceremony: DiceCeremony) -> DiceCeremony:
    if ceremony.starts_at.tzinfo is None:
        raise InvalidCeremony("the ceremony's start needs a time zone")
    if not ceremony.place.strip():
        raise InvalidCeremony("the ceremony needs a place")
    if not 2 <= ceremony.sides <= 10:
        raise InvalidCeremony(f"dice of {ceremony.sides} sides: one digit per die needs 2 to 10")
    if ceremony.dice < 1 or ceremony.rolls < 1:
        raise InvalidCeremony(f"{ceremony.dice} dice thrown {ceremony.rolls} times gives nothing")
    if not ceremony.witnesses:
        raise InvalidCeremony("the ceremony needs at least one witness besides the bailiff")
    names = ceremony.signatories
    if any(not name.strip() for name in names):
        raise InvalidCeremony("the bailiff and every witness need a name")
    if len(set(names)) != len(names):
        raise InvalidCeremony("the bailiff and the witnesses must be different people")
    return ceremony


def validate_roll(ceremony: DiceCeremony, rolled: DiceRolled) -> DiceRolled:
    """The revealed digits, with the signatories in declared order, if they match the
    declaration."""
    if len(rolled.digits) != ceremony.digits:
        raise WrongDigitCount(
            f"{len(rolled.digits)} digits revealed; {ceremony.dice} dice thrown "
            f"{ceremony.rolls} times give {ceremony.digits}"
        )
    for at, digit in enumerate(rolled.digits, start=1):
        if digit not in ceremony.faces:
            raise DigitOutOfRange(
                f"digit {at} is {digit!r}; a {ceremony.sides}-sided die shows {ceremony.faces}"
            )
    for name in rolled.signed_by:
        if name not in ceremony.signatories:
            raise UndeclaredWitness(f"{name!r} signed the minutes but was not declared")
    missing = [name for name in ceremony.signatories if name not in rolled.signed_by]
    if missing:
        raise MissingWitness(f"the minutes lack the signature of {', '.join(missing)}")
    return DiceRolled(digits=rolled.digits, signed_by=ceremony.signatories)


def revealed_material(beacon: VerifiedBeacon | None, dice: DiceRolled | None) -> bytes:
    """The canonical bytes of what was revealed (see the module docstring), after verification:
    a `verified` drand round and a `validate_roll`-ed dice result."""
    if beacon is None and dice is None:
        raise NoRandomness("nothing revealed: a drand round, dice, or both")
    return _encode(
        [
            MATERIAL_FORMAT,
            [beacon.round, beacon.signature] if beacon else None,
            [dice.digits, list(dice.signed_by)] if dice else None,
        ]
    )
