"""A proof for one fact: the message as stored, and its inclusion in a signed checkpoint.

Whoever holds the pinned log key checks it with no server and without the log: the
checkpoint's signature (``core.note``), the leaf hash recomputed from the message
(``services.application.audit.leaf``), and the RFC 9162 inclusion path from that leaf to the
checkpoint's root (``core.merkle.verify_inclusion``). The JSON (``Proof``)::

    {"format": "assembly-record-proof", "version": 1, "origin": "assembly-record/<stream>",
     "seq": n, "subject": S, "headers": [[name, value], ...], "data": BASE64,
     "leaf_hash": HEX, "tree_size": N, "root": HEX, "inclusion": [HEX, ...],
     "checkpoint": "<the signed note>", "cosignatures": ["— <witness> <base64>", ...]}

``seq``, ``subject``, ``headers`` (those stored, sorted) and ``data`` are the message exactly
as an export line holds it; ``tree_size`` and ``root`` repeat the checkpoint's (checked equal);
``cosignatures`` are the checkpoint's signature lines other than the log's own (witnesses').
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence

import msgspec

from core.merkle import verify_inclusion
from core.note import Verifier
from services.adapters.eventstore.client import RawMessage
from services.application.audit.checkpoints import CheckpointFileError, parse_outside
from services.application.audit.errors import AuditInputError
from services.application.audit.export import LogSource
from services.application.audit.integrity import LogIntegrity
from services.application.audit.leaf import leaf_hash, stored_headers
from services.application.audit.structural import closing_violations
from services.application.audit.trust import Trust

FORMAT = "assembly-record-proof"


class ProofUnavailable(AuditInputError):
    """The message is not in the log, or no checkpoint covers it yet."""


class Proof(msgspec.Struct, frozen=True, kw_only=True):
    format: str = FORMAT
    version: int = 1
    origin: str
    seq: int
    subject: str
    headers: list[tuple[str, str]]
    data: str
    leaf_hash: str
    tree_size: int
    root: str
    inclusion: list[str]
    checkpoint: str
    cosignatures: list[str] = []


_decode = msgspec.json.Decoder(Proof).decode


def read_log(
    source: LogSource, wanted: Callable[[RawMessage], bool], trust: Trust | None = None
) -> tuple[LogIntegrity, list[RawMessage], int]:
    """One pass over the log: the tree and checkpoints, the wanted messages, and how many
    integrity violations the log has (a proof from a broken log is not given)."""
    checker = LogIntegrity(source.spec, trust=trust)
    kept: list[RawMessage] = []
    for m in source.records():
        checker.feed(m)
        if wanted(m):
            kept.append(m)
    closing = closing_violations(source, checker)
    return checker, kept, checker.violations + len(closing)


def prove(checker: LogIntegrity, m: RawMessage) -> Proof:
    """Message ``m``'s proof in the latest checkpoint the log matches."""
    c = checker.latest
    if c is None or m.seq > c.tree_size:
        latest = f"the latest covers {c.tree_size}" if c is not None else "there is none"
        raise ProofUnavailable(
            f"no checkpoint covers message #{m.seq} yet ({latest}): the operator runs "
            "`assembly checkpoint`, then ask again"
        )
    covered = checker.proof(m.seq, c)
    return Proof(
        origin=c.origin,
        seq=m.seq,
        subject=m.subject,
        headers=sorted(stored_headers(m.headers).items()),
        data=base64.b64encode(m.data).decode(),
        leaf_hash=covered.leaf_hash,
        tree_size=c.tree_size,
        root=c.root,
        inclusion=covered.proof,
        checkpoint=c.text,
        cosignatures=[s.line.rstrip("\n") for s in c.cosignatures],
    )


def decode(data: bytes, name: str) -> Proof:
    try:
        return _decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as e:
        raise AuditInputError(
            f"{name} is not a proof ({e}): give what `assembly audit prove` prints"
        ) from None


def problems(proof: Proof, keys: Sequence[Verifier]) -> list[str]:
    """Why the proof does not hold (empty when it does), checked offline."""
    if proof.format != FORMAT or proof.version != 1:
        return [f"format {proof.format} version {proof.version} is not {FORMAT} version 1"]
    try:
        [c] = parse_outside(proof.checkpoint, "its checkpoint")
        payload = base64.b64decode(proof.data, validate=True)
        path = [bytes.fromhex(h) for h in proof.inclusion]
        root = bytes.fromhex(proof.root)
    except (CheckpointFileError, binascii.Error, ValueError) as e:
        return [f"unreadable: {e}"]
    found: list[str] = []
    kind, why = c.check(keys)
    if kind:
        found.append(f"its checkpoint is not vouched for by a pinned key: {why}")
    if (c.tree_size, c.root) != (proof.tree_size, proof.root):
        found.append(
            f"tree size and root: the proof says {proof.tree_size} and {proof.root}, its "
            f"checkpoint {c.tree_size} and {c.root}"
        )
    leaf = leaf_hash(proof.seq, proof.subject, dict(proof.headers), payload)
    if leaf.hex() != proof.leaf_hash:
        found.append(
            f"leaf hash: the message hashes to {leaf.hex()}, the proof says {proof.leaf_hash}"
        )
    if not verify_inclusion(leaf, proof.seq - 1, c.tree_size, path, root):
        found.append(
            f"inclusion: the path does not lead from message #{proof.seq} to root {c.root} "
            f"of the first {c.tree_size} messages"
        )
    return found
