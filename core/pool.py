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
from collections import Counter
from collections.abc import Iterable, Mapping
from operator import itemgetter

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
    return commitment_of(
        (
            (c.respondent.pseudonym, c.respondent.subpool, c.respondent.criteria, c.commitment)
            for c in pool
        ),
        vocabulary,
    )


Row = tuple[str, str, Mapping[str, str], bytes]
"""A respondent as the pool commitment reads them: pseudonym, sub-pool, criteria, commitment."""


def commitment_of(rows: Iterable[Row], vocabulary: Vocabulary) -> PoolCommitment:
    """`pool_commitment` over plain rows (no object per respondent: the auditor's path over
    100,000 of them). Every distinct (sub-pool, criteria) is checked once; a row that fails is
    reported as `check` reports it, the first in pseudonym order."""
    ordered = sorted(rows, key=itemgetter(0))
    seen = [row[0] for row in ordered]
    repeated = sorted({p for a, p in itertools.pairwise(seen) if a == p})
    if repeated:
        raise DuplicatePseudonym(f"pseudonyms appear more than once: {', '.join(repeated[:5])}")
    names = [c.name for c in vocabulary.criteria]
    kinds = Counter(
        (subpool, len(criteria), *map(criteria.get, names)) for _, subpool, criteria, _ in ordered
    )
    if any(not _valid(kind, names, vocabulary) for kind in kinds) or any(
        len(row[3]) != merkle.HASH_SIZE for row in ordered
    ):
        _first_invalid(ordered, vocabulary)
    counts: dict[str, dict[str, int]] = {name: {} for name in (*names, "subpool")}
    for kind, n in kinds.items():
        for name, value in zip((*names, "subpool"), (*kind[2:], kind[0]), strict=True):
            per = counts[name]
            per[str(value)] = per.get(str(value), 0) + n
    return PoolCommitment(
        root=merkle.root([row[3] for row in ordered]),
        size=len(ordered),
        counts={name: dict(sorted(per.items())) for name, per in counts.items()},
    )


def _valid(kind: tuple[object, ...], names: list[str], vocabulary: Vocabulary) -> bool:
    subpool, width, *values = kind
    allowed = vocabulary.allowed()
    return (
        subpool in vocabulary.subpools
        and width == len(names)
        and all(v in allowed[name] for name, v in zip(names, values, strict=True))
    )


def _first_invalid(ordered: list[Row], vocabulary: Vocabulary) -> None:
    """Raise what `check` (or the commitment's size) says of the first row that fails."""
    for pseudonym, subpool, criteria, commitment in ordered:
        check(Respondent(pseudonym=pseudonym, subpool=subpool, criteria=dict(criteria)), vocabulary)
        if len(commitment) != merkle.HASH_SIZE:
            raise InvalidRespondent(f"{pseudonym}: a commitment is 32 bytes")
    raise AssertionError("unreachable: a row failed")  # pragma: no cover
