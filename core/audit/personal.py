"""Personal data must never reach the log (design §5): the auditor looks for its telltale
shapes in every payload, every field of it the actor's (`by`) included — e-mail addresses,
French phone numbers and postal addresses: an actor is `role:name`, never an address
(core.assembly.actors). A heuristic that names what it found, never a proof of absence.
The shapes and why looking for them is linear in the payload, whatever it holds:
core.text.detector (the application refuses the same shapes before recording)."""

from __future__ import annotations

from core.text import detector
from core.text.detector import Meter


def found(payload: bytes, meter: Meter | None = None) -> list[str]:
    """What in a stored payload looks like personal data (empty: nothing)."""
    hits: list[str] = []
    if b"@" in payload:
        for email in detector.emails(payload, meter):
            hits.append(f"e-mail address {email.decode(errors='replace')!r}")
    hits += [f"{kind} {text!r}" for kind, text in detector.contacts(payload, meter)]
    return hits
