"""The witness's key: Ed25519, in an owner-only file, as Go's note package writes a signer key.

The file holds one line, ``PRIVATE+KEY+<name>+<key ID>+base64(0x04 ‖ seed)``: the name is
the witness's (a schema-less URL such as ``witness.example.org/paris``) and the type 0x04,
a cosignature/v1 signer (c2sp.org/tlog-cosignature). Its verifier key, what logs and
auditors pin, is ``<name>+<key ID>+base64(0x04 ‖ public key)``. A file that group or others
may read is refused, as the log key is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.note import COSIGNATURE_V1, NoteError, Signer, valid_key_name
from services.application.audit.errors import AuditInputError

KEY_FILE = "witness.key"  # in ASSEMBLY_HOME unless given


class WitnessKeyError(AuditInputError):
    """The witness key is missing, exposed or unreadable; the message says what to do."""


def create_witness_key(path: Path, name: str) -> Signer:
    """A new key named ``name`` at ``path``, owner-only from the first byte; never replaces one."""
    if not valid_key_name(name):
        raise WitnessKeyError(
            f"{name!r} cannot name a witness: no space and no '+' (e.g. witness.example.org/paris)"
        )
    signer = Signer(name, Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WitnessKeyError(
            f"{path} already exists: a witness key is never replaced silently "
            "(`assembly witness key` prints its verifier key)"
        ) from None
    except OSError as e:
        raise WitnessKeyError(f"cannot create the witness key {path}: {e.strerror}") from None
    with os.fdopen(fd, "w") as f:
        f.write(signer.skey + "\n")
        f.flush()
        os.fsync(f.fileno())
    return signer


def load_witness_key(path: Path) -> Signer:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise WitnessKeyError(
            f"no witness key at {path}: create one with `assembly witness init --name NAME`"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WitnessKeyError(
            f"{path} is readable by group or others (mode {stat.S_IMODE(mode):04o}); "
            f"the witness key must be private: run `chmod 600 {path}`"
        )
    try:
        signer = Signer.from_skey(path.read_text())
    except (NoteError, OSError, UnicodeDecodeError) as e:
        raise WitnessKeyError(f"{path} is not a witness key: {e}") from None
    if signer.signature_type != COSIGNATURE_V1:
        raise WitnessKeyError(f"{path} is not a cosignature/v1 key (type 0x04)")
    return signer
