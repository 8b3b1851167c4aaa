"""A fact's inclusion proof, built from the log as `assembly log publish` left it (c2sp.org/
tlog-tiles, a directory or its mirror over http(s)), in the format `assembly audit prove`
prints (``services.application.audit.proofs.Proof``), so that `assembly audit check-proof`
checks what the portal serves.

Why the published tiles, and not the read models: a proof carries the message itself (its
subject, stored headers and payload, byte for byte), the hashes on its path to the root and
the signed checkpoint; the read models hold none of these, and a read model of every message
and node would be a second copy of the log kept by the projection worker, trusted by nobody.
The tiles are the log's own public form, made for this: the portal reads the three or four
tiles a proof needs, and anyone can rebuild the same proof from any mirror of them. A fact
after the checkpoint the tiles serve has no proof here until the operator publishes again.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import msgspec

from core.merkle import inclusion_proof_from, verify_inclusion
from core.note import NoteError
from core.tiles import HEIGHT, TileError, TileMissing, TileReader
from services.application.audit.checkpoints import SignedCheckpoint, from_note
from services.application.audit.leaf import leaf_bytes
from services.application.audit.proofs import Proof
from services.application.tiles.files import fetcher
from services.application.tiles.publish import CHECKPOINT

_entry = msgspec.msgpack.Decoder(tuple[int, str, dict[str, str], bytes]).decode
_encode = msgspec.json.Encoder()


class NoProof(LookupError):
    """No proof of this position here: ``reason`` says why (``none``: no published log
    configured; ``unpublished``: nothing published there yet; ``beyond``: after the published
    checkpoint; ``unreadable``: the tiles cannot be read, or do not lead to its root)."""

    def __init__(self, reason: str, seq: int, detail: str = "") -> None:
        super().__init__(f"{reason}: #{seq} {detail}".strip())
        self.reason = reason
        self.seq = seq
        self.detail = detail


@dataclass(frozen=True)
class Proved:
    proof: Proof
    json: bytes  # what `assembly audit prove SEQ` prints, byte for byte

    @property
    def tag(self) -> str:
        """The proof changes only when a larger checkpoint is published."""
        return f'"c{self.proof.tree_size}-{self.proof.seq}"'


class PublishedLog:
    """The tiles at ``where`` (a directory or URL), read afresh for every proof: the served
    checkpoint (a small file, replaced whole by each publication) and the few tiles on the
    fact's path (about 4 ms from disk, README "Audit: witnesses and static tiles")."""

    def __init__(self, where: str) -> None:
        self.where = where
        self._fetch = fetcher(where)

    def checkpoint(self, seq: int = 0) -> SignedCheckpoint:
        try:
            note = self._fetch(CHECKPOINT).decode("utf-8")
            return from_note(note, f"{self.where}/{CHECKPOINT}")
        except TileMissing:
            raise NoProof("unpublished", seq) from None
        except (TileError, NoteError, UnicodeDecodeError) as e:
            raise NoProof("unreadable", seq, str(e)) from None

    def prove(self, seq: int) -> Proved:
        """Message ``seq``'s proof in the published checkpoint, checked before it is given."""
        c = self.checkpoint(seq)
        if not 1 <= seq <= c.tree_size:
            raise NoProof("beyond", seq, str(c.tree_size))
        reader = TileReader(c.tree_size, self._fetch)
        try:
            entry = reader.bundle((seq - 1) >> HEIGHT)[(seq - 1) % (1 << HEIGHT)]
            path = inclusion_proof_from(reader.node, seq - 1, c.tree_size)
            m_seq, subject, headers, data = _entry(entry)
        except (TileError, msgspec.DecodeError, msgspec.ValidationError, IndexError) as e:
            raise NoProof("unreadable", seq, str(e)) from None
        leaf = hashlib.sha256(b"\x00" + entry).digest()
        if (
            m_seq != seq
            or leaf_bytes(m_seq, subject, headers, data) != entry
            or not verify_inclusion(leaf, seq - 1, c.tree_size, path, c.root_hash)
        ):
            raise NoProof("unreadable", seq, "the tiles do not lead to the checkpoint's root")
        proof = Proof(
            origin=c.origin,
            seq=seq,
            subject=subject,
            headers=sorted(headers.items()),
            data=base64.b64encode(data).decode(),
            leaf_hash=leaf.hex(),
            tree_size=c.tree_size,
            root=c.root,
            inclusion=[h.hex() for h in path],
            checkpoint=c.text,
            cosignatures=[s.line.rstrip("\n") for s in c.cosignatures],
        )
        return Proved(proof, _encode.encode(proof) + b"\n")
