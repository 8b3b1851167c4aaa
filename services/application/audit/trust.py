"""Whom the auditor trusts: the log keys it pinned, or (deliberately) whatever the log says.

An auditor who takes the log's key from the log itself checks only that the log is
self-consistent: whoever rewrote the log could re-sign it with a key of their own. So the
commands refuse without a pinned key (``--trust VKEY``, the line the operator's `assembly keys
show` prints, obtained from them by another channel than the log), unless told ``--trust-any``,
which warns on every run. The witness helper adds witnesses' keys and a quorum here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.note import NoteError, Verifier
from services.application.audit.errors import AuditInputError

ANY_KEY_WARNING = (
    "no log key pinned (--trust-any): checkpoints were checked against the key the log names "
    "itself, so a log rewritten and re-signed by anyone passes; pin the operator's key with "
    "--trust VKEY"
)
HOW_TO_PIN = (
    "no log key pinned: give --trust VKEY with the key the operator's `assembly keys show` "
    "prints (obtained from them, not from the log), or --trust-any to check the log only "
    "against itself"
)


class NotPinned(AuditInputError):
    """Verification asked for with no key to trust."""


@dataclass(frozen=True)
class Trust:
    """The pinned log keys; ``any_key``: also the keys the log announces (a warning);
    ``require_checkpoint``: a log no checkpoint covers is a violation (``no-checkpoint``)."""

    keys: tuple[Verifier, ...] = ()
    any_key: bool = False
    require_checkpoint: bool = True

    @classmethod
    def itself(cls) -> Trust:
        """The log checked against itself only, checkpoints optional: what the audit's own
        tests of the rules use when no trust is given (never the commands)."""
        return cls(any_key=True, require_checkpoint=False)

    @classmethod
    def pinned(cls, vkeys: Iterable[str], any_key: bool = False) -> Trust:
        """From the ``--trust`` values; refused when nothing is pinned and not ``any_key``."""
        keys = []
        for v in vkeys:
            try:
                keys.append(Verifier.from_vkey(v))
            except NoteError as e:
                raise AuditInputError(
                    f"--trust {v}: {e} (give the vkey `assembly keys show` prints)"
                ) from None
        if not keys and not any_key:
            raise NotPinned(HOW_TO_PIN)
        return cls(tuple(keys), any_key)

    @property
    def warning(self) -> str:
        return ANY_KEY_WARNING if self.any_key and not self.keys else ""
