"""Witnesses' cosignatures on a checkpoint: which of the given witnesses vouch for it.

A cosignature (c2sp.org/tlog-cosignature, type 0x04) is one more signature line of the
checkpoint's note; each is checked by ``core.note.open_note`` with that witness's key alone,
so a line by an unknown key is ignored and a bad line by a known key counts as none.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.note import InvalidNoteSignature, UnverifiedNote, Verifier, open_note
from services.application.audit.checkpoints import SignedCheckpoint


def cosigned_by(
    c: SignedCheckpoint, witnesses: Sequence[Verifier]
) -> tuple[list[Verifier], list[str]]:
    """The witnesses whose cosignature on ``c`` verifies, and what is wrong with others'."""
    if c.legacy is not None or not c.note:
        return [], ["a checkpoint of the older JSON kind carries no cosignature"]
    good: list[Verifier] = []
    bad: list[str] = []
    for w in witnesses:
        try:
            open_note(c.note, [w])
        except UnverifiedNote:
            continue
        except InvalidNoteSignature:
            bad.append(f"the cosignature of {w.name} does not verify")
            continue
        good.append(w)
    return good, bad
