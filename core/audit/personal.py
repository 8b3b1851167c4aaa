"""Personal data must never reach the log (design §5): the auditor looks for its telltale
shapes in every payload — e-mail addresses (other than the actor's own, `by`), French phone
numbers and postal addresses. A heuristic that names what it found, never a proof of absence.
One pass of one pattern per payload: the audit reads a million of them."""

from __future__ import annotations

import re

_WAYS = b"|".join(
    w + b" "
    for word in (
        b"rue",
        b"avenue",
        b"av.",
        b"boulevard",
        b"bd",
        b"place",
        b"impasse",
        "allée".encode(),
        b"quai",
        b"chemin",
        b"villa",
        b"passage",
        b"square",
        "cité".encode(),
    )
    for w in (word, word[:1].upper() + word[1:], word.upper())
)
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SHAPES = re.compile(
    rb"(?P<phone>(?<![\w.+-])(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}(?![\w-]))"
    rb"|(?P<address>\b\d{1,4}(?: ?(?:bis|ter))?,? (?:" + _WAYS.replace(b".", rb"\.") + rb"))"
)
COMPACT_PHONE = re.compile(rb"(?<![\w.+-])(?:\+33|0)[1-9]\d{8}(?![\w-])")
_KINDS = {"email": "e-mail address", "phone": "phone number", "address": "postal address"}


def found(payload: bytes) -> list[str]:
    """What in a stored payload looks like personal data (empty: nothing)."""
    hits: list[str] = []
    if b"@" in payload:
        for match in EMAIL.finditer(payload):
            if b'"by":"' + match.group() + b'"' not in payload:  # not the actor's own
                hits.append(f"e-mail address {match.group().decode(errors='replace')!r}")
    if b" " not in payload:  # canonical JSON has spaces only inside free text
        hits += [f"phone number {m.group().decode()!r}" for m in COMPACT_PHONE.finditer(payload)]
        return hits
    for match in SHAPES.finditer(payload):
        text = match.group().decode(errors="replace").strip()
        hits.append(f"{_KINDS[match.lastgroup or '']} {text!r}")
    return hits
