"""The pool as the log may know it: pseudonyms, criteria and salted commitments.

A respondent's personal data stays in the erasable registry; what the draw, the
log and the auditor see is the pseudonymous side: a random pseudonym, the sub-pool
and the four stratification criteria, bound by a salted commitment::

    commitment = SHA-256(salt ‖ commitment_bytes(respondent))
    commitment_bytes = MessagePack array [1, pseudonym, subpool,
                                          [[criterion, value], ...]]

with the criteria in the order of the charter's vocabulary (core.vocabulary: for Paris
gender, age_band, education, arrondissement, the order of every vocabulary so far, so a
commitment made under one is the same bytes under the next), every value a string
(``"11"`` for the 11th arrondissement), and
the salt 32 random bytes kept in the registry row. MessagePack writes strings and
small integers in exactly one shortest form, so anyone holding the salt can
rebuild the commitment in any language. Once the registry row and its salt are
erased, the commitment binds nothing that can be traced back to a person.

The pool commitment is the RFC 9162 Merkle root of the 32-byte commitments taken
as leaves in pseudonym order (so the order of the import does not matter), with
the count of respondents per value of every criterion and per sub-pool.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable

import msgspec

from core import merkle
from core.errors import DomainError
from core.text.words import listed
from core.vocabulary import Vocabulary

COMMITMENT_FORMAT = 1
SALT_SIZE = 32

_encode = msgspec.msgpack.Encoder().encode


class InvalidRespondent(DomainError):
    rule = "respondent-criteria"


class DuplicatePseudonym(DomainError):
    rule = "pseudonym-unique"


class Respondent(msgspec.Struct, frozen=True, kw_only=True):
    """One respondent without their personal data."""

    pseudonym: str
    subpool: str
    criteria: dict[str, str]


class Committed(msgspec.Struct, frozen=True, kw_only=True):
    """A respondent and their commitment: what survives erasure."""

    respondent: Respondent
    commitment: bytes


class PoolCommitment(msgspec.Struct, frozen=True, kw_only=True):
    """What the draw commits to before any seed is known."""

    root: bytes
    size: int
    counts: dict[str, dict[str, int]]  # criterion or "subpool" -> value -> respondents


def check(respondent: Respondent, vocabulary: Vocabulary) -> None:
    """The sub-pool and every criterion must be one of the charter's values, none missing."""
    subpools = vocabulary.subpools
    criteria = vocabulary.allowed()
    if respondent.subpool not in subpools:
        raise InvalidRespondent(
            f"{respondent.pseudonym}: sub-pool {respondent.subpool!r} is not one of "
            f"{', '.join(subpools)}"
        )
    if set(respondent.criteria) != set(criteria):
        raise InvalidRespondent(
            f"{respondent.pseudonym}: criteria {listed(sorted(respondent.criteria))} are not "
            f"exactly {', '.join(criteria)}"
        )
    for name, allowed in criteria.items():
        if respondent.criteria[name] not in allowed:
            raise InvalidRespondent(
                f"{respondent.pseudonym}: {name} {respondent.criteria[name]!r} is not one of "
                f"{', '.join(allowed)}"
            )


def commitment_bytes(respondent: Respondent, vocabulary: Vocabulary) -> bytes:
    """The canonical bytes a commitment is taken over (see the module docstring)."""
    check(respondent, vocabulary)
    pairs = [[c.name, respondent.criteria[c.name]] for c in vocabulary.criteria]
    return _encode([COMMITMENT_FORMAT, respondent.pseudonym, respondent.subpool, pairs])


def commit(respondent: Respondent, salt: bytes, vocabulary: Vocabulary) -> bytes:
    """SHA-256(salt ‖ commitment_bytes): hides nothing guessable without the salt."""
    if len(salt) != SALT_SIZE:
        raise ValueError(f"a salt is {SALT_SIZE} bytes, got {len(salt)}")
    return hashlib.sha256(salt + commitment_bytes(respondent, vocabulary)).digest()


def pool_commitment(pool: Iterable[Committed], vocabulary: Vocabulary) -> PoolCommitment:
    """The Merkle root of the commitments in pseudonym order, and the counts per stratum."""
    ordered = sorted(pool, key=lambda c: c.respondent.pseudonym)
    seen = [c.respondent.pseudonym for c in ordered]
    repeated = sorted({p for a, p in itertools.pairwise(seen) if a == p})
    if repeated:
        raise DuplicatePseudonym(f"pseudonyms appear more than once: {', '.join(repeated[:5])}")
    names = [c.name for c in vocabulary.criteria]
    counts: dict[str, dict[str, int]] = {name: {} for name in (*names, "subpool")}
    for c in ordered:
        check(c.respondent, vocabulary)
        if len(c.commitment) != merkle.HASH_SIZE:
            raise InvalidRespondent(f"{c.respondent.pseudonym}: a commitment is 32 bytes")
        values = {**c.respondent.criteria, "subpool": c.respondent.subpool}
        for name, value in values.items():
            counts[name][value] = counts[name].get(value, 0) + 1
    return PoolCommitment(
        root=merkle.root([c.commitment for c in ordered]),
        size=len(ordered),
        counts={name: dict(sorted(per.items())) for name, per in counts.items()},
    )
