from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from core.sortition.beacon import (
    DEFAULT,
    QUICKNET,
    UNCHAINED_G1,
    BadSignature,
    Chain,
    DrandRound,
    MalformedBeacon,
    RandomnessMismatch,
    UnknownChain,
    UnknownScheme,
    WrongRound,
    chain_hash,
    pinned,
    published_at,
    round_at,
    verified,
    verify,
)

DATA = Path(__file__).parent / "data"
REAL = [
    (QUICKNET, "quicknet-123.json"),
    (QUICKNET, "quicknet-12040883.json"),
    (DEFAULT, "default-1.json"),
    (DEFAULT, "default-1000.json"),
    (DEFAULT, "default-2634945.json"),
]
# drand's "walkthrough" test chain (drand/drand-client test/beacon-verification.test.ts):
# the same scheme as quicknet, another group key.
WALKTHROUGH = Chain(
    beacon_id="walkthrough",
    hash="af8b6fc95693b058a3a59efe586eb31c2c352fe00cf40c62a427d87c34f7a235",
    public_key=(
        "81d320f220ee9c79e60e19dedc838c31e3ab919b15481e9feb52f643628c4f6a13fdc52129493875a818109d"
        "767272ca0541cbcdcea9335f2870d781b39b845ba8cbd44fdfe4967781cf72ca5917fc9398bcf97ca0548ed5"
        "a709016c4b1ff0f3"
    ),
    scheme=UNCHAINED_G1,
    genesis_time=1687506816,
    period=3,
    genesis_seed="02d678e93908888871b70e3f015b396a8c082bc1493ae5479f8743cb5d972b54",
)
# drand's evmnet as drand/tlock's tests describe it: a BN254 scheme this verifier does not do.
EVMNET = Chain(
    beacon_id="evmnet",
    hash="04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3",
    public_key=(
        "07e1d1d335df83fa98462005690372c643340060d205306a9aa8106b6bd0b3820557ec32c2ad488e4d4f6008"
        "f89a346f18492092ccc0d594610de2732c8b808f0095685ae3a85ba243747b1b2f426049010f6b73a0cf1d38"
        "9351d5aaaa1047f6297d3a4f9749b33eb2d904c9d9ebf17224150ddd7abd7567a9bec6c74480ee0b"
    ),
    scheme="bls-bn254-unchained-on-g1",
    genesis_time=1727521075,
    period=3,
    genesis_seed="cd7ad2f0e0cce5d8c288f2dd016ffe7bc8dc88dbb229b3da2b6ad736490dfed6",
)


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text())
    return loaded


def raw(beacon: dict[str, Any]) -> bytes:
    return json.dumps(beacon).encode()


def flip_last_bit(hex_text: str) -> str:
    data = bytearray.fromhex(hex_text)
    data[-1] ^= 1
    return data.hex()


@pytest.mark.parametrize(("chain", "name"), REAL, ids=[name for _, name in REAL])
def test_given_a_real_round_when_verified_then_its_published_randomness(
    chain: Chain, name: str
) -> None:
    beacon = load(name)

    randomness = verify(chain, (DATA / name).read_bytes(), beacon["round"])

    assert randomness.hex() == beacon["randomness"]


@pytest.mark.parametrize("chain", [QUICKNET, DEFAULT], ids=lambda c: c.beacon_id)
def test_given_a_pinned_chain_when_its_fields_hashed_then_its_drand_chain_hash(
    chain: Chain,
) -> None:
    assert chain_hash(chain) == chain.hash


def test_given_the_quicknet_hash_when_looked_up_then_the_pinned_chain() -> None:
    assert pinned("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971") is QUICKNET


def test_given_an_unpinned_hash_when_looked_up_then_unknown_chain() -> None:
    with pytest.raises(UnknownChain, match="no pinned"):
        pinned(WALKTHROUGH.hash)


def test_given_a_real_round_when_verified_then_the_verified_beacon_carries_its_signature() -> None:
    beacon = load("quicknet-123.json")

    result = verified(QUICKNET, raw(beacon), 123)

    assert (result.chain_hash, result.round, result.signature) == (
        QUICKNET.hash,
        123,
        beacon["signature"],
    )


def test_given_a_round_as_a_struct_when_verified_then_same_randomness() -> None:
    beacon = DrandRound(**load("default-2634945.json"))

    randomness = verify(DEFAULT, beacon, 2634945)

    assert randomness == hashlib.sha256(bytes.fromhex(beacon.signature)).digest()


def test_given_a_round_without_randomness_when_verified_then_randomness_derived() -> None:
    beacon = load("default-1000.json")
    del beacon["randomness"]

    randomness = verify(DEFAULT, raw(beacon), 1000)

    assert randomness.hex() == load("default-1000.json")["randomness"]


@pytest.mark.parametrize(
    ("chain", "name"),
    [(QUICKNET, "quicknet-12040883.json"), (DEFAULT, "default-2634945.json")],
    ids=["quicknet", "default"],
)
def test_given_a_flipped_bit_in_the_signature_when_verified_then_bad_signature(
    chain: Chain, name: str
) -> None:
    beacon = load(name)
    beacon["signature"] = flip_last_bit(beacon["signature"])

    with pytest.raises(BadSignature):
        verify(chain, raw(beacon), beacon["round"])


def test_given_a_real_round_when_another_round_was_committed_then_wrong_round() -> None:
    beacon = (DATA / "quicknet-12040883.json").read_bytes()

    with pytest.raises(WrongRound, match="round 12040883 revealed, round 12040884 committed"):
        verify(QUICKNET, beacon, 12040884)


def test_given_a_round_number_changed_when_that_round_was_committed_then_bad_signature() -> None:
    beacon = load("quicknet-12040883.json")
    beacon["round"] = 12040884

    with pytest.raises(BadSignature):
        verify(QUICKNET, raw(beacon), 12040884)


def test_given_a_wrong_previous_signature_when_verified_then_bad_signature() -> None:
    beacon = load("default-2634945.json")
    beacon["previous_signature"] = flip_last_bit(beacon["previous_signature"])

    with pytest.raises(BadSignature):
        verify(DEFAULT, raw(beacon), 2634945)


def test_given_randomness_not_the_hash_of_the_signature_when_verified_then_mismatch() -> None:
    beacon = load("quicknet-123.json")
    beacon["randomness"] = load("quicknet-12040883.json")["randomness"]

    with pytest.raises(RandomnessMismatch):
        verify(QUICKNET, raw(beacon), 123)


def test_given_another_chains_round_when_verified_on_its_own_chain_then_genuine() -> None:
    beacon = load("walkthrough-38.json")

    randomness = verify(WALKTHROUGH, raw(beacon), 38)

    assert randomness.hex() == beacon["randomness"]


def test_given_another_chains_round_when_verified_as_quicknet_then_bad_signature() -> None:
    beacon = (DATA / "walkthrough-38.json").read_bytes()

    with pytest.raises(BadSignature, match="quicknet"):
        verify(QUICKNET, beacon, 38)


def test_given_a_default_chain_round_when_verified_as_quicknet_then_malformed() -> None:
    beacon = load("default-1000.json")
    del beacon["previous_signature"]

    with pytest.raises(MalformedBeacon, match="96 bytes"):
        verify(QUICKNET, raw(beacon), 1000)


def test_given_a_chain_with_an_unknown_scheme_when_verifying_then_unknown_scheme() -> None:
    with pytest.raises(UnknownScheme, match="bls-bn254-unchained-on-g1"):
        verify(EVMNET, (DATA / "quicknet-123.json").read_bytes(), 123)


def test_given_a_pinned_hash_with_another_key_when_verifying_then_unknown_chain() -> None:
    forged = Chain(**{**_fields(QUICKNET), "public_key": WALKTHROUGH.public_key})

    with pytest.raises(UnknownChain, match="do not hash"):
        verify(forged, (DATA / "walkthrough-38.json").read_bytes(), 38)


@pytest.mark.parametrize("signature", ["B75C69", "b75c6", "b75c69zz", " b75c69"])
def test_given_a_signature_not_lowercase_hex_when_verified_then_malformed(signature: str) -> None:
    beacon = {"round": 123, "signature": signature}

    with pytest.raises(MalformedBeacon, match="signature is not lowercase hex"):
        verify(QUICKNET, raw(beacon), 123)


@pytest.mark.parametrize("text", [b"", b"{", b'{"round": "123", "signature": ""}', b"[]"])
def test_given_not_a_drand_round_when_verified_then_malformed(text: bytes) -> None:
    with pytest.raises(MalformedBeacon, match="not a drand round"):
        verify(QUICKNET, text, 123)


def test_given_a_chained_round_without_previous_signature_when_verified_then_malformed() -> None:
    beacon = load("default-2634945.json")
    del beacon["previous_signature"]

    with pytest.raises(MalformedBeacon, match="needs previous_signature"):
        verify(DEFAULT, raw(beacon), 2634945)


def test_given_an_unchained_round_with_a_previous_signature_when_verified_then_malformed() -> None:
    beacon = load("quicknet-123.json")
    beacon["previous_signature"] = "00"

    with pytest.raises(MalformedBeacon, match="has no previous_signature"):
        verify(QUICKNET, raw(beacon), 123)


def test_given_round_zero_when_verified_then_malformed() -> None:
    beacon = load("quicknet-123.json")
    beacon["round"] = 0

    with pytest.raises(MalformedBeacon, match="not a drand round number"):
        verify(QUICKNET, raw(beacon), 0)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-100, 1), (0, 1), (1, 2), (3, 2), (4, 3), (3 * 12040882, 12040883)],
)
def test_given_a_time_when_asked_the_round_then_the_first_published_at_or_after_it(
    offset: int, expected: int
) -> None:
    assert round_at(QUICKNET, QUICKNET.genesis_time + offset) == expected


def test_given_a_fractional_time_when_asked_the_round_then_the_next_one() -> None:
    assert round_at(DEFAULT, DEFAULT.genesis_time + 30.5) == 3


def test_given_a_round_when_asked_its_time_then_round_at_that_time_is_that_round() -> None:
    assert round_at(DEFAULT, published_at(DEFAULT, 2634945)) == 2634945


def _fields(chain: Chain) -> dict[str, Any]:
    return {name: getattr(chain, name) for name in chain.__struct_fields__}
