"""The public randomness of the draw: a future round of a League of Entropy drand chain.

The draw commits to a chain (pinned below) and to a round that is not yet published; once the
round is out, anyone checks it from the log alone with the chain's public key, no network:

- the signed message is SHA-256(previous_signature || round as 8-byte big-endian) on the chained
  scheme (`pedersen-bls-chained`: key in G1, signature in G2, hash-to-curve DST
  ``BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_``), and SHA-256(round as 8-byte big-endian) on the
  unchained RFC 9380 scheme (`bls-unchained-g1-rfc9380`: key in G2, signature in G1, DST
  ``BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_``) — drand's crypto/schemes.go;
- the signature is a BLS signature on that message under the chain's group public key (one
  pairing equation);
- the round's randomness is SHA-256(signature).

A chain is named by its chain hash, which drand derives from the chain's fields:
SHA-256(period as 4-byte big-endian seconds || genesis time as 8-byte big-endian ||
public key || genesis seed || beacon id unless it is "default") — drand's chain Info.Hash.
So a chain description that claims a pinned hash but carries another key is refused.
"""

from __future__ import annotations

import hashlib
import math
import re
from fractions import Fraction
from functools import cache
from typing import Protocol

import msgspec
from msgspec import Struct
from py_arkworks_bls12381 import GT, G1Point, G2Point

from core.errors import DomainError

CHAINED = "pedersen-bls-chained"
UNCHAINED_G1 = "bls-unchained-g1-rfc9380"
SCHEMES = (CHAINED, UNCHAINED_G1)

DST_G1 = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"
DST_G2 = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_"
G1_BYTES = 48
G2_BYTES = 96
_HEX = re.compile(r"(?:[0-9a-f]{2})*")


class BeaconRefused(DomainError):
    rule = "beacon"


class UnknownScheme(BeaconRefused):
    """The chain signs with a scheme this verifier does not implement."""


class UnknownChain(BeaconRefused):
    """No pinned chain has this hash, or a chain's fields do not hash to its chain hash."""


class MalformedBeacon(BeaconRefused):
    """Not a drand round: bad JSON, a field that is not lowercase hex, a wrong length."""


class WrongRound(BeaconRefused):
    """A genuine round, but not the one the draw committed to."""


class BadSignature(BeaconRefused):
    """The signature is not the chain's signature of this round."""


class RandomnessMismatch(BeaconRefused):
    """The published randomness is not SHA-256 of the signature."""


class Chain(Struct, frozen=True, kw_only=True):
    """A drand chain as its /info endpoint describes it (hex fields in lowercase)."""

    beacon_id: str
    hash: str
    public_key: str
    scheme: str
    genesis_time: int
    """Unix seconds at which round 1 was published."""
    period: int
    """Seconds between rounds."""
    genesis_seed: str


QUICKNET = Chain(
    beacon_id="quicknet",
    hash="52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
    public_key=(
        "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c"
        "8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb"
        "5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
    ),
    scheme=UNCHAINED_G1,
    genesis_time=1692803367,
    period=3,
    genesis_seed="f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e",
)

DEFAULT = Chain(
    beacon_id="default",
    hash="8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce",
    public_key=(
        "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a5699"
        "37c529eeda66c7293784a9402801af31"
    ),
    scheme=CHAINED,
    genesis_time=1595431050,
    period=30,
    genesis_seed="176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a",
)

PINNED: dict[str, Chain] = {c.hash: c for c in (QUICKNET, DEFAULT)}


class Round(Protocol):
    """A drand round as /public/<round> serves it (randomness may be absent, as in API v2)."""

    @property
    def round(self) -> int: ...
    @property
    def randomness(self) -> str: ...
    @property
    def signature(self) -> str: ...
    @property
    def previous_signature(self) -> str: ...


class DrandRound(Struct, frozen=True, kw_only=True):
    round: int
    signature: str
    randomness: str = ""
    previous_signature: str = ""


class VerifiedBeacon(Struct, frozen=True, kw_only=True):
    """A round that passed `verified`: what the seed is made of."""

    chain_hash: str
    round: int
    signature: str
    randomness: str


def pinned(chain_hash: str) -> Chain:
    if chain_hash not in PINNED:
        raise UnknownChain(f"no pinned drand chain has hash {chain_hash!r}")
    return PINNED[chain_hash]


def chain_hash(chain: Chain) -> str:
    """drand's chain hash of the chain's fields (Info.Hash)."""
    body = (
        chain.period.to_bytes(4, "big")
        + chain.genesis_time.to_bytes(8, "big", signed=True)
        + bytes.fromhex(chain.public_key)
        + bytes.fromhex(chain.genesis_seed)
        + (b"" if chain.beacon_id in ("", "default") else chain.beacon_id.encode())
    )
    return hashlib.sha256(body).hexdigest()


def published_at(chain: Chain, round_number: int) -> int:
    """When the chain publishes a round (unix seconds): round 1 at genesis, then every period."""
    return chain.genesis_time + (round_number - 1) * chain.period


def round_at(chain: Chain, unix_time: int | float) -> int:
    """The first round published at or after `unix_time`. No signature of it can exist before
    `published_at` (the nodes sign at that time, by their clocks), so a draw committing at time t
    should commit to a round some periods beyond round_at(t), a margin for clock skew."""
    periods = (Fraction(unix_time) - chain.genesis_time) / chain.period
    return max(1, math.ceil(periods) + 1)


def verify(chain: Chain, beacon: bytes | str | Round, committed_round: int) -> bytes:
    """The round's 32-byte randomness, once the round is proven to be the committed one."""
    return bytes.fromhex(verified(chain, beacon, committed_round).randomness)


def verified(chain: Chain, beacon: bytes | str | Round, committed_round: int) -> VerifiedBeacon:
    """Checks, in order: the scheme, the chain's hash, the round's form, that it is the
    committed round, the signature, and that the randomness is SHA-256 of the signature."""
    if chain.scheme not in SCHEMES:
        raise UnknownScheme(f"chain {chain.beacon_id!r} signs with unknown scheme {chain.scheme!r}")
    if not _is_hex(chain.public_key) or not _is_hex(chain.genesis_seed):
        raise UnknownChain(f"chain {chain.beacon_id!r}: public key or genesis seed is not hex")
    if not 0 < chain.period < 2**32 or not 0 <= chain.genesis_time < 2**63:
        raise UnknownChain(f"chain {chain.beacon_id!r}: period or genesis time out of range")
    if chain_hash(chain) != chain.hash:
        raise UnknownChain(f"chain {chain.beacon_id!r}: its fields do not hash to {chain.hash}")
    drand = _parsed(beacon)
    signature = _hex(drand.signature, "signature")
    previous = _hex(drand.previous_signature, "previous_signature")
    randomness = _hex(drand.randomness, "randomness")
    if not 1 <= drand.round < 2**64:
        raise MalformedBeacon(f"round {drand.round} is not a drand round number")
    if drand.round != committed_round:
        raise WrongRound(f"round {drand.round} revealed, round {committed_round} committed")
    if not _signed(chain, drand.round, signature, previous):
        raise BadSignature(
            f"round {drand.round}: the signature is not chain {chain.beacon_id!r}'s signature "
            "of this round"
        )
    derived = hashlib.sha256(signature).digest()
    if randomness and randomness != derived:
        raise RandomnessMismatch(
            f"round {drand.round}: randomness {drand.randomness} is not SHA-256 of the signature "
            f"({derived.hex()})"
        )
    return VerifiedBeacon(
        chain_hash=chain.hash,
        round=drand.round,
        signature=signature.hex(),
        randomness=derived.hex(),
    )


def _parsed(beacon: bytes | str | Round) -> Round:
    if not isinstance(beacon, bytes | str):
        return beacon
    try:
        return msgspec.json.decode(beacon, type=DrandRound)
    except msgspec.DecodeError as e:
        raise MalformedBeacon(f"not a drand round: {e}") from e


def _is_hex(text: str) -> bool:
    return _HEX.fullmatch(text) is not None


def _hex(text: str, field: str) -> bytes:
    if not _is_hex(text):
        raise MalformedBeacon(f"{field} is not lowercase hex of whole bytes: {text[:16]!r}…")
    return bytes.fromhex(text)


def _signed(chain: Chain, round_number: int, signature: bytes, previous: bytes) -> bool:
    key = bytes.fromhex(chain.public_key)
    number = round_number.to_bytes(8, "big")
    if chain.scheme == CHAINED:
        if not previous:
            raise MalformedBeacon(f"round {round_number}: a chained round needs previous_signature")
        _expect(signature, G2_BYTES, "G2")
        message = hashlib.sha256(previous + number).digest()
        try:
            sigma = G2Point.from_compressed_bytes(signature)
        except ValueError:
            return False
        return GT.pairing_check(
            [-G1Point(), _g1_key(chain, key)], [sigma, G2Point.hash_to_curve(message, DST_G2)]
        )
    if previous:
        raise MalformedBeacon(f"round {round_number}: an unchained round has no previous_signature")
    _expect(signature, G1_BYTES, "G1")
    message = hashlib.sha256(number).digest()
    try:
        sigma1 = G1Point.from_compressed_bytes(signature)
    except ValueError:
        return False
    return GT.pairing_check(
        [-sigma1, G1Point.hash_to_curve(message, DST_G1)], [G2Point(), _g2_key(chain, key)]
    )


def _expect(signature: bytes, size: int, group: str) -> None:
    if len(signature) != size:
        raise MalformedBeacon(
            f"the signature is {len(signature)} bytes; this scheme signs with {size}-byte "
            f"{group} points"
        )


def _g1_key(chain: Chain, key: bytes) -> G1Point:
    try:
        return _g1_point(key)
    except ValueError as e:
        raise UnknownChain(f"chain {chain.beacon_id!r}: the public key is not a G1 point") from e


def _g2_key(chain: Chain, key: bytes) -> G2Point:
    try:
        return _g2_point(key)
    except ValueError as e:
        raise UnknownChain(f"chain {chain.beacon_id!r}: the public key is not a G2 point") from e


@cache
def _g1_point(key: bytes) -> G1Point:
    return G1Point.from_compressed_bytes(key)


@cache
def _g2_point(key: bytes) -> G2Point:
    return G2Point.from_compressed_bytes(key)
