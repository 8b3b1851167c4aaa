"""The log key: the Ed25519 key the checkpointer signs checkpoints with.

The private key is a PEM (PKCS #8) file written owner-only (0600); a key file that group or
others may read is refused, never used. Checkpoints are C2SP signed notes by this key under
the name ``assembly-record/<stream>`` (``services.application.audit.checkpoints``): the
auditor pins the vkey ``<name>+<key ID>+<base64 key>`` (``LogKey.vkey``), whose 8-hex-digit
key ID is the signed-note one. ``key_id`` (16 hex digits of SHA-256 of the raw public key) is
the id checkpoints written before signed notes carry.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from core.note import Signer, Verifier
from services.application.audit.errors import AuditInputError

KEY_FILE = "log.key"  # in the project data folder (ASSEMBLY_HOME) unless given


class KeyFileError(AuditInputError):
    """The key file is missing, exposed or unreadable; the message says what to do."""


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` by ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class LogKey:
    private: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public).decode()

    @property
    def id(self) -> str:
        return key_id(self.public)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def signer(self, name: str) -> Signer:
        """The note signer of this key under ``name`` (the log's origin)."""
        return Signer(name, self.private)

    def verifier(self, name: str) -> Verifier:
        return self.signer(name).verifier

    def vkey(self, name: str) -> str:
        """What an auditor pins: ``<name>+<key ID>+<base64(0x01 ‖ public key)>``."""
        return self.verifier(name).vkey


def create_key(path: Path) -> LogKey:
    """A new key at ``path`` (owner-only from the first byte); refuses to overwrite one."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(
            f"{path} already exists: a log key is never replaced silently "
            "(`assembly keys show` prints it; move it away first to make a new one)"
        ) from None
    except OSError as e:
        raise KeyFileError(f"cannot create the log key {path}: {e.strerror}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    return LogKey(private, path)


def load_key(path: Path) -> LogKey:
    """The key at ``path``, refused if group or others may read or write it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyFileError(
            f"no log key at {path}: create one with `assembly keys init` (or give --key)"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path} is readable by group or others (mode {stat.S_IMODE(mode):04o}); "
            f"the log key must be private: run `chmod 600 {path}`"
        )
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as e:
        raise KeyFileError(f"{path} is not an unencrypted Ed25519 PEM key: {e}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a {type(private).__name__}, not an Ed25519 key")
    return LogKey(private, path)
