"""Whom the auditor trusts: the log keys it pinned, or (deliberately) whatever the log says.

An auditor who takes the log's key from the log itself checks only that the log is
self-consistent: whoever rewrote the log could re-sign it with a key of their own. So the
commands refuse without a pinned key (``--trust VKEY``, the line the operator's `assembly keys
show` prints, obtained from them by another channel than the log), unless told ``--trust-any``,
which warns on every run.

Witnesses (``--witness VKEY``, repeatable, and ``--quorum N``, by default all of them): the
latest checkpoint the auditor accepts must carry at least N valid cosignatures
(c2sp.org/tlog-cosignature) by those keys, else ``witness-quorum``. A witness cosigns only a
checkpoint signed by the log key it was configured with and consistent with every one it
cosigned before, so a quorum of them vouches that this auditor sees the history others see.
Witnesses with a quorum may stand in for the pinned log key: the log key's signature is then
checked against the key the log names, and the quorum says the witnesses knew that key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.note import COSIGNATURE_V1, NoteError, Verifier
from services.application.audit.errors import AuditInputError

ANY_KEY_WARNING = (
    "no log key pinned (--trust-any): checkpoints were checked against the key the log names "
    "itself, so a log rewritten and re-signed by anyone passes; pin the operator's key with "
    "--trust VKEY"
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
    witnesses: tuple[Verifier, ...] = ()
    quorum: int = 0
    vouched: bool = False  # no log key pinned, but a quorum of witnesses required

    @classmethod
    def itself(cls) -> Trust:
        """The log checked against itself only, checkpoints optional: what the audit's own
        tests of the rules use when no trust is given (never the commands)."""
        return cls(any_key=True, require_checkpoint=False)

    @classmethod
    def pinned(
        cls,
        vkeys: Iterable[str],
        any_key: bool = False,
        witnesses: Iterable[str] = (),
        quorum: int | None = None,
    ) -> Trust:
        """From the ``--trust`` values (and ``--witness``, ``--quorum``); refused when nothing
        is pinned and not ``any_key``."""
        cosigners = []
        for v in witnesses:
            try:
                cosigners.append(Verifier.from_vkey(v))
            except NoteError as e:
                raise AuditInputError(
                    f"--witness {v}: {e} (give the vkey `assembly witness key` prints)"
                ) from None
        if any(w.signature_type != COSIGNATURE_V1 for w in cosigners):
            raise AuditInputError(
                "--witness takes a witness's cosignature key (type 0x04, `assembly witness key`)"
            )
        needed = len(cosigners) if quorum is None else quorum
        if needed > len(cosigners):
            raise AuditInputError(
                f"--quorum {needed} needs at least {needed} --witness keys ({len(cosigners)} given)"
            )
        keys = []
        for v in vkeys:
            try:
                keys.append(Verifier.from_vkey(v))
            except NoteError as e:
                raise AuditInputError(
                    f"--trust {v}: {e} (give the vkey `assembly keys show` prints)"
                ) from None
        if not keys and not any_key and not needed:
            raise NotPinned(
                "no log key pinned: give --trust VKEY with the key the operator's `assembly keys "
                "show` prints (obtained from them, not from the log), or --trust-any to check "
                "the log only against itself"
            )
        witnessed = needed > 0 and not keys  # the witnesses vouch for the log's own key
        return cls(
            tuple(keys),
            any_key or witnessed,
            witnesses=tuple(cosigners),
            quorum=needed,
            vouched=witnessed and not any_key,
        )

    @property
    def warning(self) -> str:
        if self.vouched:
            return ""
        return ANY_KEY_WARNING if self.any_key and not self.keys else ""
