"""Personal data must never reach the log (design §5): the auditor looks for its telltale
shapes in every payload — e-mail addresses (other than the actor's own, `by`), French phone
numbers and postal addresses. A heuristic that names what it found, never a proof of absence."""

from __future__ import annotations

import re

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(rb"(?<![\w.+-])(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}(?![\w-])")
ADDRESS = re.compile(
    rb"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|impasse|all\xc3\xa9e"
    rb"|quai|chemin|villa|passage|square|cit\xc3\xa9) ",
    re.IGNORECASE,
)


def found(payload: bytes) -> list[str]:
    """What in a stored payload looks like personal data (empty: nothing)."""
    hits: list[str] = []
    for match in EMAIL.finditer(payload):
        if b'"by":"' + match.group() + b'"' not in payload:
            hits.append(f"e-mail address {match.group().decode(errors='replace')!r}")
    hits += [f"phone number {m.group().decode()!r}" for m in PHONE.finditer(payload)]
    hits += [
        f"postal address {m.group().decode(errors='replace').strip()!r}…"
        for m in ADDRESS.finditer(payload)
    ]
    return hits
