"""Personal data must never reach the log (design §5): the auditor looks for its telltale
shapes in every payload — e-mail addresses (other than the actor's own, `by`), French phone
numbers and postal addresses. A heuristic that names what it found, never a proof of absence.
The shapes and why looking for them is linear in the payload, whatever it holds:
core.text.detector (the application refuses the same shapes before recording)."""

from __future__ import annotations

from core.text import detector
from core.text.detector import Meter

_BY = b'"by":"'


def found(payload: bytes, meter: Meter | None = None) -> list[str]:
    """What in a stored payload looks like personal data (empty: nothing)."""
    hits: list[str] = []
    if b"@" in payload:
        actor = _actor(payload)
        for email in detector.emails(payload, meter):
            if email != actor:  # not the actor's own
                hits.append(f"e-mail address {email.decode(errors='replace')!r}")
    hits += [f"{kind} {text!r}" for kind, text in detector.contacts(payload, meter)]
    return hits


def _actor(payload: bytes) -> bytes:
    """The top-level `by` of a canonical payload (its first: the base fields come first)."""
    start = payload.find(_BY)
    if start == -1:
        return b""
    start += len(_BY)
    end = payload.find(b'"', start)
    return payload[start:end] if end != -1 else b""
