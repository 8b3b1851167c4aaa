"""A signed checkpoint of the log: a C2SP signed note, in the log and in the file kept outside.

A checkpoint says: the first ``tree_size`` messages of stream ``<stream>`` have the RFC 9162
root ``root`` (leaves: ``services.application.audit.leaf``), signed by the log key. It is
exactly a c2sp.org/tlog-checkpoint signed note (``core.note``), which any transparency tool
reads (Go's ``golang.org/x/mod/sumdb/note``, a C2SP witness)::

    assembly-record/<stream>
    <tree size, decimal>
    <root, base64>

    — assembly-record/<stream> <base64(key ID ‖ Ed25519 signature)>

The origin line and the log key's name are both ``assembly-record/<stream>`` (the spec asks
the key name to match the origin), so the auditor's pinned key is the vkey ``assembly keys
show`` prints: ``assembly-record/<stream>+<key ID>+<base64 key>``. No extension line (the
spec advises against them; when a checkpoint was stored is the log's own time). Witnesses'
cosignatures are further signature lines of the same note.

In the log: an event on ``<prefix>.checkpoints`` of topic ``assembly.log_checkpointed.v2``
whose payload is the signed note, byte for byte, with the usual headers, its own hash chain
(``Assembly-Id: log-checkpoints``) and ``Assembly-Log-Key`` (the vkey the checkpointer used:
only what the log says of itself; an auditor trusts the key it pinned). Outside: the notes one
after the other, each followed by a blank line.

Checkpoints written before (topic ``assembly.log_checkpointed.v1``, JSON lines outside) carry
their own JSON envelope: ``{"origin", "tree_size", "root" (hex), "at", "key_id" (16 hex digits
of SHA-256 of the public key), "public_key", "signature"}`` over the text origin, size, base64
root and ``time <at>``. They stay readable and verifiable (``LegacyCheckpoint``): a pinned vkey
vouches for them when its public key is theirs.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from core.note import Checkpoint as NoteBody
from core.note import (
    Note,
    NoteError,
    Signature,
    UnverifiedNote,
    Verifier,
    open_note,
    parse_note,
)
from services.application.audit.errors import AuditInputError
from services.application.audit.keys import LogKey, key_id, verify

CHECKPOINTS_ID = "log-checkpoints"
TOPIC_V1 = "assembly.log_checkpointed.v1"  # the JSON envelope, before signed notes
TOPIC = "assembly.log_checkpointed.v2"  # the payload is the signed note
TOPICS = (TOPIC_V1, TOPIC)
H_LOG_KEY = "Assembly-Log-Key"
ORIGIN_PREFIX = "assembly-record/"


class CheckpointFileError(AuditInputError):
    """An outside checkpoint file that cannot be read; the message names the line."""


class LegacyCheckpoint(msgspec.Struct, frozen=True, kw_only=True):
    """A checkpoint as written before signed notes: a JSON envelope with its own key id."""

    origin: str
    tree_size: int
    root: str  # hex
    at: str  # RFC 3339, UTC, seconds
    key_id: str
    public_key: str  # base64 of the raw 32-byte Ed25519 key
    signature: str  # base64

    def signed_text(self) -> bytes:
        root = base64.b64encode(bytes.fromhex(self.root)).decode()
        return f"{self.origin}\n{self.tree_size}\n{root}\ntime {self.at}\n".encode()

    def public(self) -> bytes:
        return base64.b64decode(self.public_key, validate=True)


_legacy_decode = msgspec.json.Decoder(LegacyCheckpoint).decode


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as read from the log or a file: a signed note, or a legacy envelope.

    ``where`` says where it was read (``#seq`` in the log, ``FILE line N``), for the
    violations that name it."""

    origin: str
    tree_size: int
    root: str  # hex
    key_id: str  # 8 hex digits (signed note) or 16 (legacy)
    note: str  # the signed note as written ("" for a legacy one)
    legacy: LegacyCheckpoint | None = None
    where: str = ""

    @property
    def root_hash(self) -> bytes:
        return bytes.fromhex(self.root)

    @property
    def at(self) -> str:
        """The time a legacy checkpoint says it was signed ("" for a note: none is signed)."""
        return self.legacy.at if self.legacy is not None else ""

    @property
    def text(self) -> str:
        """What it is, in full: the signed note, or the legacy envelope's JSON."""
        return self.note or (encode_legacy(self.legacy) if self.legacy else b"").decode()

    @property
    def public_key(self) -> bytes | None:
        """A legacy checkpoint's own public key (a note names none: see ``signed_by``)."""
        return self.legacy.public() if self.legacy is not None else None

    @property
    def cosignatures(self) -> tuple[Signature, ...]:
        """The note's signature lines other than the log key's (witnesses', unverified here)."""
        return tuple(s for s in self._signatures() if s.name != self.origin)

    def check(self, keys: Sequence[Verifier]) -> tuple[str, str]:
        """("", "") when a key among ``keys`` vouches for it, else (what fails, why): "key"
        (no signature by a key among them) or "signature" (theirs does not verify)."""
        if self.legacy is not None:
            return _legacy_problem(self.legacy, keys)
        try:
            opened = open_note(self.note, keys)
        except UnverifiedNote:
            names = ", ".join(f"{s.name} (key ID {s.key_id.hex()})" for s in self._signatures())
            return "key", f"signed by {names or 'nobody'}, no key pinned"
        except NoteError as e:
            return "signature", str(e)
        if not any(v.name == self.origin for v in opened.verified):
            return "key", f"no pinned key named {self.origin} signed it"
        return "", ""

    def _signatures(self) -> tuple[Signature, ...]:
        try:
            return parse_note(self.note).signatures
        except NoteError:
            return ()

    def signed_by(self, keys: Sequence[Verifier]) -> Verifier | None:
        """The key among ``keys`` whose signature holds, if any."""
        for k in keys:
            if not self.check([k])[0]:
                return k
        return None

    def with_cosignatures(self, lines: Sequence[Signature]) -> SignedCheckpoint:
        """The same checkpoint with further signature lines (a witness's cosignature)."""
        note = parse_note(self.note).with_signatures(lines)
        return SignedCheckpoint(
            self.origin, self.tree_size, self.root, self.key_id, str(note), None, self.where
        )


def _legacy_problem(c: LegacyCheckpoint, keys: Sequence[Verifier]) -> tuple[str, str]:
    try:
        public = c.public()
        signature = base64.b64decode(c.signature, validate=True)
        text = c.signed_text()
    except (binascii.Error, ValueError) as e:
        return "signature", f"unreadable ({e})"
    if key_id(public) != c.key_id:
        return "signature", f"key id {c.key_id} is not the id of its public key ({key_id(public)})"
    if not any(k.public_key == public for k in keys):
        return "key", f"signed by key {c.key_id} (legacy id), no key pinned"
    if not verify(public, signature, text):
        return "signature", f"not a valid Ed25519 signature by key {c.key_id}"
    return "", ""


def origin_of(stream: str) -> str:
    return ORIGIN_PREFIX + stream


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(key: LogKey, stream: str, tree_size: int, root: bytes) -> SignedCheckpoint:
    """The signed note of the first ``tree_size`` messages' root, by the log key."""
    origin = origin_of(stream)
    signer = key.signer(origin)
    body = NoteBody(origin, tree_size, root).body()
    note = body + "\n" + signer.signature_line(body.encode())
    return SignedCheckpoint(origin, tree_size, root.hex(), signer.verifier.key_id.hex(), note)


def from_note(note: str, where: str = "") -> SignedCheckpoint:
    """A checkpoint from its signed note (signatures not checked: ``signature_problem``)."""
    parsed = parse_note(note)
    body = NoteBody.parse(parsed.text)
    own = [s for s in parsed.signatures if s.name == body.origin]
    kid = own[0].key_id.hex() if own else ""
    return SignedCheckpoint(body.origin, body.size, body.root_hash.hex(), kid, note, None, where)


def from_legacy(c: LegacyCheckpoint, where: str = "") -> SignedCheckpoint:
    return SignedCheckpoint(c.origin, c.tree_size, c.root, c.key_id, "", c, where)


def encode_legacy(c: LegacyCheckpoint) -> bytes:
    return msgspec.json.encode(c, order="sorted")


def decode_event(topic: str, data: bytes, where: str = "") -> SignedCheckpoint:
    """A checkpoint event's payload: the note (v2) or the JSON envelope (v1).

    Raises ``NoteError`` (or a msgspec error for v1) when it is neither."""
    if topic == TOPIC_V1:
        return from_legacy(_legacy_decode(data), where)
    try:
        return from_note(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        raise NoteError("a checkpoint note must be UTF-8") from None


def writable(path: Path) -> None:
    """Refuse, before anything is recorded, an outside file we could not append to."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as e:
        raise CheckpointFileError(
            f"cannot append checkpoints to {path}: {e.strerror}; give --out a file you may write"
        ) from None


def append_outside(path: Path, checkpoint: SignedCheckpoint) -> None:
    """The note and a blank line at the end of the outside file, on disk before we return."""
    with path.open("ab") as f:
        f.write(checkpoint.note.encode() + b"\n")
        f.flush()
        os.fsync(f.fileno())


def parse_outside(text: str, name: str = "checkpoints") -> list[SignedCheckpoint]:
    """Every checkpoint of an outside file, in file order: signed notes separated by blank
    lines, and the JSON lines written before them (one ``{...}`` per line)."""
    out: list[SignedCheckpoint] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        if not line.strip():
            i += 1
            continue
        where = f"{name} line {number}"
        if line.startswith("{"):
            try:
                out.append(from_legacy(_legacy_decode(line.encode()), where))
            except (msgspec.DecodeError, msgspec.ValidationError) as e:
                raise CheckpointFileError(f"{where} is not a checkpoint ({e})") from None
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j]:  # the note's text: up to its blank line
            j += 1
        k = j + 1
        while k < len(lines) and lines[k].startswith("\u2014 "):  # its signature lines
            k += 1
        note = "\n".join(lines[i:j]) + "\n\n" + "\n".join(lines[j + 1 : k]) + "\n"
        try:
            out.append(from_note(note, where))
        except NoteError as e:
            raise CheckpointFileError(
                f"{where} is not a signed checkpoint ({e}): "
                "give the file `assembly checkpoint --out` writes"
            ) from None
        i = k
    return out


def read_outside(path: Path) -> list[SignedCheckpoint]:
    """Every checkpoint in an outside file, in file order."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise CheckpointFileError(f"cannot read the checkpoint file {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise CheckpointFileError(f"{path} is not a checkpoint file (not UTF-8)") from None
    return parse_outside(text, str(path))


def as_note(c: SignedCheckpoint) -> Note:
    return parse_note(c.note)
