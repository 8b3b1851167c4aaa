"""C2SP signed notes, tlog checkpoints and cosignatures, exactly as the specifications say.

What a transparency tool nobody here wrote (Go's ``golang.org/x/mod/sumdb/note``, a C2SP
witness, a CT monitor) reads, so the log's word can be checked without our code:

- **signed note** (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line,
  then one or more signature lines ``— <key name> base64(key ID ‖ signature)``. The key ID
  is ``SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4]``. Verifiers ignore
  signatures by keys they do not know (even if name *or* ID match one they know), must
  verify those by a known key (a failing one rejects the whole note), and reject the note
  when no known key signed it. ``open_note`` does exactly that; ``sign_note`` writes one.
- **vkey** (the verifier key string of Go's note package and the spec):
  ``<name>+<key ID, 8 hex digits>+base64(signature type ‖ public key)``; ``Verifier.vkey``
  and ``Verifier.from_vkey``. The signer's counterpart ``PRIVATE+KEY+<name>+<id>+base64(type ‖
  seed)`` is ``Signer.skey`` / ``Signer.from_skey``.
- **checkpoint** (c2sp.org/tlog-checkpoint): the note text ``<origin>\\n<tree size, decimal
  without leading zeros>\\n<RFC 6962 root, base64>\\n`` then optional non-empty extension
  lines; ``Checkpoint.body`` writes it and ``Checkpoint.parse`` refuses anything else.
- **cosignature/v1** (c2sp.org/tlog-cosignature, Ed25519, signature type 0x04): a witness
  signs ``cosignature/v1\\ntime <POSIX seconds>\\n`` followed by the checkpoint body; the
  signature line carries ``key ID ‖ 8-byte big-endian timestamp ‖ Ed25519 signature``.
  ``Signer.cosigner`` makes one; a ``Verifier`` of type 0x04 checks it inside ``open_note``,
  and ``cosignature_time`` reads the timestamp it vouches for.

Signature types 0x01 (Ed25519 note signature) and 0x04 (Ed25519 cosignature/v1) are the only
ones supported, as the signed-note spec advises ("select only the ones required"). Pure: no
clock, no randomness (keys are made by the caller from a seed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ED25519 = 0x01  # signed-note: Ed25519 over the note text
COSIGNATURE_V1 = (
    0x04  # tlog-cosignature: timestamped Ed25519 over "cosignature/v1\ntime T\n" ‖ text
)
SUPPORTED_TYPES = (ED25519, COSIGNATURE_V1)
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100  # the spec asks for at least 16; Go's note package stops at 100
COSIGNATURE_HEADER = b"cosignature/v1\n"
MAX_TIMESTAMP = 2**63 - 1


class NoteError(ValueError):
    """A note, key or checkpoint that is not well formed; the message says which part."""


class UnverifiedNote(NoteError):
    """No signature by a known key: the text must be ignored (signed-note)."""


class InvalidNoteSignature(NoteError):
    """A signature by a known key (name and ID match) does not verify: the note is rejected."""

    def __init__(self, name: str, key_id: bytes) -> None:
        super().__init__(f"the signature of {name} (key {key_id.hex()}) does not verify")
        self.name = name
        self.key_id = key_id


def valid_key_name(name: str) -> bool:
    """signed-note: non-empty, no Unicode space, no plus sign."""
    return bool(name) and "+" not in name and not any(_is_space(c) for c in name)


def _is_space(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) == "Zs"


def key_id(name: str, signature_type: int, public_key: bytes) -> bytes:
    """SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], the 4-byte key ID."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([signature_type]) + public_key).digest()[:4]


def _ed25519_verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def cosigned_message(text: bytes, timestamp: int) -> bytes:
    """The bytes a cosignature/v1 signs: header, time line, then the whole checkpoint body."""
    return COSIGNATURE_HEADER + b"time %d\n" % timestamp + text


def cosignature_time(signature: bytes) -> int:
    """The timestamp of a cosignature/v1 signature (the bytes after the key ID)."""
    if len(signature) != 8 + 64:
        raise NoteError(f"a cosignature/v1 is 72 bytes after the key ID, not {len(signature)}")
    (timestamp,) = struct.unpack(">Q", signature[:8])
    return int(timestamp)


@dataclass(frozen=True)
class Verifier:
    """A known key: its name, signature type and 32-byte Ed25519 public key."""

    name: str
    public_key: bytes
    signature_type: int = ED25519

    def __post_init__(self) -> None:
        if not valid_key_name(self.name):
            raise NoteError(f"{self.name} is not a key name (non-empty, no space, no '+')")
        if self.signature_type not in SUPPORTED_TYPES:
            raise NoteError(f"signature type 0x{self.signature_type:02x} is not supported")
        if len(self.public_key) != 32:
            raise NoteError(f"an Ed25519 public key is 32 bytes, not {len(self.public_key)}")

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.signature_type, self.public_key)

    @property
    def vkey(self) -> str:
        material = base64.b64encode(bytes([self.signature_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    @classmethod
    def from_vkey(cls, vkey: str) -> Verifier:
        """Parse ``<name>+<8 hex digits>+base64(type ‖ key)``, checking the ID is the key's."""
        name, _, rest = vkey.strip().partition("+")
        hex_id, _, material = rest.partition("+")
        try:
            key = base64.b64decode(material, validate=True)
            given_id = bytes.fromhex(hex_id) if re.fullmatch(r"[0-9a-fA-F]{8}", hex_id) else b""
        except (binascii.Error, ValueError):
            key, given_id = b"", b""
        if not valid_key_name(name) or len(given_id) != 4 or len(key) < 2:
            raise NoteError(
                f"{vkey} is not a verifier key: expected <name>+<8 hex digits>+<base64 key>"
            )
        verifier = cls(name=name, public_key=key[1:], signature_type=key[0])
        if verifier.key_id != given_id:
            raise NoteError(
                f"verifier key {name}: the key ID {hex_id} is not the ID of its key "
                f"({verifier.key_id.hex()})"
            )
        return verifier

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Whether ``signature`` (the bytes after the key ID) signs the note ``text``."""
        if self.signature_type == ED25519:
            return len(signature) == 64 and _ed25519_verify(self.public_key, signature, text)
        if len(signature) != 72:
            return False
        timestamp = cosignature_time(signature)
        if timestamp > MAX_TIMESTAMP:
            return False
        return _ed25519_verify(self.public_key, signature[8:], cosigned_message(text, timestamp))


@dataclass(frozen=True)
class Signer:
    """A private key under a name: signs notes (type 0x01) or cosigns checkpoints (0x04)."""

    name: str
    private_key: Ed25519PrivateKey
    signature_type: int = ED25519

    @classmethod
    def from_seed(cls, name: str, seed: bytes, signature_type: int = ED25519) -> Signer:
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed), signature_type)

    @property
    def seed(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    @property
    def verifier(self) -> Verifier:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return Verifier(self.name, public, self.signature_type)

    @property
    def skey(self) -> str:
        """Go's private key string: ``PRIVATE+KEY+<name>+<id>+base64(type ‖ seed)``."""
        material = base64.b64encode(bytes([self.signature_type]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{material}"

    @classmethod
    def from_skey(cls, skey: str) -> Signer:
        parts = skey.strip().split("+", 4)
        try:
            if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
                raise ValueError
            material = base64.b64decode(parts[4], validate=True)
            signer = cls.from_seed(parts[2], material[1:], material[0])
        except (binascii.Error, ValueError, IndexError):
            raise NoteError(
                "not a signer key: expected PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>"
            ) from None
        if signer.verifier.key_id.hex() != parts[3].lower():
            raise NoteError(f"signer key {parts[2]}: the key ID {parts[3]} is not its key's")
        return signer

    def cosigner(self, name: str | None = None) -> Signer:
        """The same private key as a cosignature/v1 signer (a witness's key)."""
        return Signer(name or self.name, self.private_key, COSIGNATURE_V1)

    def signature(self, text: bytes, timestamp: int | None = None) -> bytes:
        """key ID ‖ signature of ``text``; a cosigner needs the ``timestamp`` it vouches at."""
        head = self.verifier.key_id
        if self.signature_type == ED25519:
            return head + self.private_key.sign(text)
        if timestamp is None or not 0 <= timestamp <= MAX_TIMESTAMP:
            raise NoteError("a cosignature/v1 needs a timestamp between 0 and 2^63 - 1")
        stamp = struct.pack(">Q", timestamp)
        return head + stamp + self.private_key.sign(cosigned_message(text, timestamp))

    def signature_line(self, text: bytes, timestamp: int | None = None) -> str:
        """``— <name> base64(key ID ‖ signature)`` with its newline."""
        encoded = base64.b64encode(self.signature(text, timestamp)).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True)
class Signature:
    """One signature line of a note: the key's name, its 4-byte ID and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    @property
    def line(self) -> str:
        encoded = base64.b64encode(self.key_id + self.signature).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True)
class Note:
    """A note's text (with its final newline) and its signature lines, in order."""

    text: str
    signatures: tuple[Signature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(s.line for s in self.signatures)

    def with_signatures(self, lines: Iterable[Signature]) -> Note:
        """The same text with ``lines`` appended (a line already there is not repeated)."""
        out = list(self.signatures)
        for s in lines:
            if s not in out:
                out.append(s)
        return Note(self.text, tuple(out))


@dataclass(frozen=True)
class OpenedNote:
    """A note whose signatures by known keys all verified: which ones did, which were unknown."""

    note: Note
    verified: tuple[Verifier, ...]
    unverified: tuple[Signature, ...]

    @property
    def text(self) -> str:
        return self.note.text


def _check_characters(message: str) -> None:
    for c in message:
        if c < " " and c != "\n":
            raise NoteError(
                f"a note may hold no control character but newline (found U+{ord(c):04X})"
            )


def parse_note(message: str | bytes) -> Note:
    """Split a signed note into text and signature lines, refusing any malformed part.

    No signature is checked here: use ``open_note``."""
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("a note must be valid UTF-8") from None
    _check_characters(message)
    split = message.rfind("\n\n")
    if split < 0:
        raise NoteError("a note needs a blank line between its text and its signatures")
    text, block = message[: split + 1], message[split + 2 :]
    if not block or not block.endswith("\n"):
        raise NoteError("a note needs at least one signature line, ending in a newline")
    signatures = []
    for number, line in enumerate(block[:-1].split("\n"), start=1):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError(f"signature line {number} does not start with '— ': {line[:40]}")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if not valid_key_name(name) or len(raw) < 5:
            raise NoteError(f"signature line {number} is not '— <key name> <base64 signature>'")
        signatures.append(Signature(name, raw[:4], raw[4:]))
    if len(signatures) > MAX_SIGNATURES:
        raise NoteError(f"a note with more than {MAX_SIGNATURES} signatures is refused")
    return Note(text, tuple(signatures))


def sign_note(text: str, *signers: Signer, timestamp: int | None = None) -> str:
    """The signed note of ``text`` (which must end in a newline) by each signer in turn.

    ``timestamp`` is needed only by cosigners (signature type 0x04)."""
    if not signers:
        raise NoteError("a signed note needs at least one signer")
    if not text.endswith("\n"):
        raise NoteError("a note text must end with a newline")
    _check_characters(text)
    data = text.encode()
    return text + "\n" + "".join(s.signature_line(data, timestamp) for s in signers)


def open_note(message: str | bytes | Note, known: Sequence[Verifier]) -> OpenedNote:
    """Verify a note against the keys one trusts, as signed-note says.

    A signature whose (name, key ID) is not a known key's is ignored (kept in
    ``unverified``); one by a known key must verify or the note is refused
    (``InvalidNoteSignature``); with none by a known key, ``UnverifiedNote``. A repeated
    signature by one key counts once."""
    note = message if isinstance(message, Note) else parse_note(message)
    by_id = {(v.name, v.key_id): v for v in known}
    data = note.text.encode()
    verified: list[Verifier] = []
    unverified: list[Signature] = []
    for sig in note.signatures:
        verifier = by_id.get((sig.name, sig.key_id))
        if verifier is None:
            if sig not in unverified:
                unverified.append(sig)
            continue
        if verifier in verified:
            continue
        if not verifier.verify(data, sig.signature):
            raise InvalidNoteSignature(sig.name, sig.key_id)
        verified.append(verifier)
    if not verified:
        names = ", ".join(sorted({s.name for s in note.signatures}))
        raise UnverifiedNote(f"no signature by a trusted key (signed by: {names})")
    return OpenedNote(note, tuple(verified), tuple(unverified))


_SIZE = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True)
class Checkpoint:
    """A tlog-checkpoint body: the log's origin, its tree size, its root, extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The note text: origin, decimal size, base64 root, each extension, one per line."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """The checkpoint in a note text, refused unless it is exactly the spec's format."""
        if not text.endswith("\n"):
            raise NoteError("a checkpoint body ends with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise NoteError("a checkpoint body has at least three lines (origin, size, root)")
        origin, size, root, *extensions = lines
        if not origin:
            raise NoteError("a checkpoint's first line, its origin, is empty")
        if not _SIZE.fullmatch(size):
            raise NoteError(
                f"a checkpoint's second line is the tree size in decimal, not {size[:30]}"
            )
        try:
            root_hash = base64.b64decode(root, validate=True)
        except (binascii.Error, ValueError):
            root_hash = b""
        if len(root_hash) != 32 or base64.b64encode(root_hash).decode() != root:
            raise NoteError(f"a checkpoint's third line is a base64 SHA-256 root, not {root}")
        if any(not e for e in extensions):
            raise NoteError("a checkpoint's extension lines must not be empty")
        return cls(origin, int(size), root_hash, tuple(extensions))


def open_checkpoint(
    message: str | bytes | Note, known: Sequence[Verifier]
) -> tuple[Checkpoint, OpenedNote]:
    """A checkpoint note verified against ``known`` (see ``open_note``), and its body parsed."""
    opened = open_note(message, known)
    return Checkpoint.parse(opened.text), opened
