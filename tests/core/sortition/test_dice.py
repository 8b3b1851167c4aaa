from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from core.sortition.beacon import QUICKNET, verified
from core.sortition.dice import (
    DiceCeremony,
    DiceRolled,
    DigitOutOfRange,
    InvalidCeremony,
    MissingWitness,
    NoRandomness,
    UndeclaredWitness,
    WrongDigitCount,
    revealed_material,
    validate_ceremony,
    validate_roll,
)

DATA = Path(__file__).parent / "data"
CEREMONY = DiceCeremony(
    starts_at=datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
    place="Hôtel de Ville, salle des fêtes",
    bailiff="Me Claire Martin",
    witnesses=("Paul Durand", "Amina Benali"),
    dice=2,
    sides=10,
    rolls=3,
)
SIGNED = ("Me Claire Martin", "Paul Durand", "Amina Benali")


def with_(**changes: object) -> DiceCeremony:
    return msgspec.structs.replace(CEREMONY, **changes)


def test_given_a_sound_declaration_when_validated_then_accepted() -> None:
    assert validate_ceremony(CEREMONY) is CEREMONY


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"starts_at": datetime(2027, 3, 1, 10, 0)}, "time zone"),
        ({"place": " "}, "place"),
        ({"sides": 12}, "12 sides"),
        ({"sides": 1}, "1 sides"),
        ({"dice": 0}, "gives nothing"),
        ({"rolls": 0}, "gives nothing"),
        ({"witnesses": ()}, "at least one witness"),
        ({"witnesses": ("Paul Durand", "")}, "need a name"),
        ({"witnesses": ("Paul Durand", "Me Claire Martin")}, "different people"),
    ],
)
def test_given_an_unsound_declaration_when_validated_then_refused_with_the_reason(
    changes: dict[str, object], reason: str
) -> None:
    with pytest.raises(InvalidCeremony, match=reason):
        validate_ceremony(with_(**changes))


def test_given_the_declared_digits_and_all_signatures_when_validated_then_accepted() -> None:
    rolled = DiceRolled(digits="093172", signed_by=("Amina Benali", *SIGNED[:2]))

    result = validate_roll(CEREMONY, rolled)

    assert result == DiceRolled(digits="093172", signed_by=SIGNED)


@pytest.mark.parametrize("digits", ["09317", "0931725"])
def test_given_a_wrong_number_of_digits_when_validated_then_wrong_count(digits: str) -> None:
    with pytest.raises(WrongDigitCount, match="give 6"):
        validate_roll(CEREMONY, DiceRolled(digits=digits, signed_by=SIGNED))


def test_given_a_digit_no_face_shows_when_validated_then_out_of_range() -> None:
    six_sided = with_(sides=6)

    with pytest.raises(DigitOutOfRange, match="digit 2 is '0'"):
        validate_roll(six_sided, DiceRolled(digits="103456", signed_by=SIGNED))


def test_given_a_letter_among_the_digits_when_validated_then_out_of_range() -> None:
    with pytest.raises(DigitOutOfRange, match="digit 6 is 'a'"):
        validate_roll(CEREMONY, DiceRolled(digits="12345a", signed_by=SIGNED))


def test_given_a_signature_by_someone_undeclared_when_validated_then_undeclared_witness() -> None:
    rolled = DiceRolled(digits="093172", signed_by=(*SIGNED, "Jean Dupont"))

    with pytest.raises(UndeclaredWitness, match="Jean Dupont"):
        validate_roll(CEREMONY, rolled)


def test_given_a_declared_witness_who_did_not_sign_when_validated_then_missing() -> None:
    rolled = DiceRolled(digits="093172", signed_by=SIGNED[:2])

    with pytest.raises(MissingWitness, match="Amina Benali"):
        validate_roll(CEREMONY, rolled)


def test_given_the_bailiff_did_not_sign_when_validated_then_missing() -> None:
    rolled = DiceRolled(digits="093172", signed_by=SIGNED[1:])

    with pytest.raises(MissingWitness, match="Me Claire Martin"):
        validate_roll(CEREMONY, rolled)


def test_given_a_round_and_dice_when_encoded_then_the_documented_messagepack_bytes() -> None:
    beacon = verified(QUICKNET, (DATA / "quicknet-123.json").read_bytes(), 123)
    dice = DiceRolled(digits="093172", signed_by=("Me Claire Martin", "Paul Durand"))

    material = revealed_material(beacon, dice)

    signature = beacon.signature.encode()
    names = [b"Me Claire Martin", b"Paul Durand"]
    by_hand = (
        b"\x93\x01"
        + b"\x92\x7b\xd9\x60"
        + signature
        + b"\x92\xa6093172"
        + b"\x92"
        + b"".join(bytes([0xA0 | len(n)]) + n for n in names)
    )
    assert material == by_hand


def test_given_only_a_round_when_encoded_then_dice_are_nil() -> None:
    beacon = verified(QUICKNET, (DATA / "quicknet-123.json").read_bytes(), 123)

    material = revealed_material(beacon, None)

    assert material.endswith(b"\xc0") and material.startswith(b"\x93\x01\x92\x7b")


def test_given_only_dice_when_encoded_then_the_round_is_nil() -> None:
    material = revealed_material(None, DiceRolled(digits="42", signed_by=("A",)))

    assert material == b"\x93\x01\xc0\x92\xa242\x91\xa1A"


def test_given_nothing_revealed_when_encoded_then_refused() -> None:
    with pytest.raises(NoRandomness):
        revealed_material(None, None)
