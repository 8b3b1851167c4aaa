"""The pseudonymous pool: salted commitments and the pool commitment (pure)."""

from __future__ import annotations

import hashlib

import msgspec
import pytest

from core import merkle
from core.pool import (
    Committed,
    DuplicatePseudonym,
    InvalidRespondent,
    Respondent,
    check,
    commit,
    commitment_bytes,
    pool_commitment,
)
from core.vocabulary import PARIS, PARIS_V1

SALT = bytes(range(32))


def respondent(pseudonym: str, gender: str = "f", arrondissement: str = "11") -> Respondent:
    return Respondent(
        pseudonym=pseudonym,
        subpool="electoral-rolls",
        criteria={
            "arrondissement": arrondissement,
            "education": "bac+2",
            "age_band": "25-34",
            "gender": gender,
        },
    )


def committed(r: Respondent, salt: bytes = SALT) -> Committed:
    return Committed(respondent=r, commitment=commit(r, salt, PARIS))


def test_the_commitment_is_sha256_of_salt_and_the_documented_msgpack_array() -> None:
    r = respondent("p-0123456789abcdef")
    expected = msgspec.msgpack.encode(
        [
            1,
            "p-0123456789abcdef",
            "electoral-rolls",
            [
                ["gender", "f"],
                ["age_band", "25-34"],
                ["education", "bac+2"],
                ["arrondissement", "11"],
            ],
        ]
    )

    assert commitment_bytes(r, PARIS) == expected
    assert commit(r, SALT, PARIS) == hashlib.sha256(SALT + expected).digest()


def test_a_different_salt_gives_a_different_commitment() -> None:
    r = respondent("p-1")

    assert commit(r, SALT, PARIS) != commit(r, bytes(32), PARIS)


def test_a_salt_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        commit(respondent("p-1"), b"short", PARIS)


@pytest.mark.parametrize(
    ("subpool", "criteria"),
    [
        (
            "tourists",
            {"gender": "f", "age_band": "25-34", "education": "bac", "arrondissement": "1"},
        ),
        ("minors", {"gender": "F", "age_band": "25-34", "education": "bac", "arrondissement": "1"}),
        (
            "minors",
            {"gender": "f", "age_band": "25-34", "education": "bac", "arrondissement": "21"},
        ),
        ("minors", {"gender": "f", "age_band": "25-34", "education": "bac"}),
    ],
)
def test_unknown_values_or_missing_criteria_are_refused(
    subpool: str, criteria: dict[str, str]
) -> None:
    with pytest.raises(InvalidRespondent):
        commitment_bytes(Respondent(pseudonym="p-1", subpool=subpool, criteria=criteria), PARIS)


def test_the_pool_root_is_the_merkle_root_of_commitments_in_pseudonym_order() -> None:
    pool = [committed(respondent(p)) for p in ("p-c", "p-a", "p-b")]

    result = pool_commitment(pool, PARIS)

    by_name = sorted(pool, key=lambda c: c.respondent.pseudonym)
    assert result.root == merkle.root([c.commitment for c in by_name])
    assert result.size == 3


def test_the_order_of_the_import_does_not_change_the_root() -> None:
    pool = [committed(respondent(f"p-{i:02d}")) for i in range(10)]

    assert pool_commitment(pool, PARIS).root == pool_commitment(reversed(pool), PARIS).root


def test_changing_one_respondents_criteria_changes_the_root() -> None:
    pool = [committed(respondent(f"p-{i:02d}")) for i in range(10)]
    changed = [*pool[:4], committed(respondent("p-04", gender="m")), *pool[5:]]

    assert pool_commitment(pool, PARIS).root != pool_commitment(changed, PARIS).root


def test_counts_per_value_of_every_criterion_and_subpool() -> None:
    pool = [
        committed(respondent("p-1", gender="f", arrondissement="3")),
        committed(respondent("p-2", gender="m", arrondissement="3")),
        committed(respondent("p-3", gender="f", arrondissement="20")),
    ]

    counts = pool_commitment(pool, PARIS).counts

    assert counts["gender"] == {"f": 2, "m": 1}
    assert counts["arrondissement"] == {"20": 1, "3": 2}
    assert counts["subpool"] == {"electoral-rolls": 3}
    assert counts["age_band"] == {"25-34": 3}


def test_a_pseudonym_twice_in_the_pool_is_refused() -> None:
    pool = [committed(respondent("p-1")), committed(respondent("p-1"), bytes(32))]

    with pytest.raises(DuplicatePseudonym, match="p-1"):
        pool_commitment(pool, PARIS)


def test_the_empty_pool_has_the_empty_root() -> None:
    assert pool_commitment([], PARIS).root == merkle.EMPTY_ROOT


def test_given_a_v1_respondent_when_committed_under_paris_then_the_same_bytes() -> None:
    r = respondent("p-0123456789abcdef")

    assert commitment_bytes(r, PARIS) == commitment_bytes(r, PARIS_V1)


def test_given_cap_bep_when_checked_then_paris_knows_it_and_the_first_charters_do_not() -> None:
    r = msgspec.structs.replace(
        respondent("p-1"), criteria={**respondent("p-1").criteria, "education": "cap-bep"}
    )

    check(r, PARIS)
    with pytest.raises(InvalidRespondent, match="cap-bep"):
        check(r, PARIS_V1)
