"""The telltale shapes of personal data, looked for in time linear in the bytes examined.

One detector serves both sides: the application refuses a fact whose text holds one of these
shapes (core.text.check), and the audit looks for them in every stored payload
(core.audit.personal). Both read a million payloads, some of them written by an adversary, so
the detector is linear by construction:

- an e-mail address is looked for only around each ``@``: its local part is the run of at most
  64 address characters just before it (matched on the reversed window), never reaching back
  past the previous ``@``; its
  domain is matched in a window of at most 255 bytes that ends before the next ``@``. The
  windows of successive ``@`` never overlap, so the bytes examined are at most twice the
  payload's length, however many ``@`` it holds;
- every other shape is one regular expression of bounded width (no ``+`` or ``*``: every
  repetition has a maximum), scanned once over the payload: each start position costs at most
  the pattern's width, whatever runs of word characters, digits or spaces the payload holds.

A ``Meter`` counts the bytes each scan is given, so a test can bound the work without a clock.

What is refused and what only flagged (core.text.check decides with these shapes):

- refused in every free-text field (and flagged by the audit if found on the log): an e-mail
  address, a French phone number, a postal address, a date of birth ("né le 12/03/1987",
  "née le 3 mars 1987", "date de naissance : …", "born on …"), and a civil title followed by a
  name ("M. Dupont", "Mme Durand", "Monsieur Martin", "Madame Lefèvre", "Mlle …");
- fields that name a public role (an expert heard in public, the bailiff, the witnesses and
  signatories of the draw) may hold a name, titles included: the name is the role. They are
  still refused a contact or a date of birth: a public role has a public address, not a
  personal one;
- a capitalised first and last name with no title, or a bare date with no "né" near it, is
  neither: a heuristic cannot tell it from a place, an organisation or a deadline, and the
  clerk is told to refer to people by role or pseudonym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOCAL_MAX = 64  # RFC 5321: the local part of an address
DOMAIN_MAX = 255  # RFC 5321: the domain


@dataclass
class Meter:
    """How many bytes (or characters) the detector's scans were given."""

    examined: int = 0


_LOCAL_RUN = re.compile(rb"[A-Za-z0-9_.+-]{1,64}")
_DOMAIN = re.compile(rb"[A-Za-z0-9_-]{1,63}(?:\.[A-Za-z0-9_-]{1,63}){1,8}")

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
SHAPES = re.compile(
    rb"(?P<phone>(?<![\w.+-])(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}(?![\w-]))"
    rb"|(?P<address>\b\d{1,4}(?: ?(?:bis|ter))?,? (?:" + _WAYS.replace(b".", rb"\.") + rb"))"
)
COMPACT_PHONE = re.compile(rb"(?<![\w.+-])(?:\+33|0)[1-9]\d{8}(?![\w-])")
_KINDS = {"email": "e-mail address", "phone": "phone number", "address": "postal address"}

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
    "september|october|november|december"
)
_DATE = rf"(?:\d{{1,2}}[/.\- ]\d{{1,2}}[/.\- ]\d{{2,4}}|\d{{1,2}}(?:er)? (?:{_MONTHS}) \d{{4}})"
BIRTH = re.compile(
    rf"(?<!\w)(?:n[ée]e?|n[ée]\(e\)|born|date de naissance|DDN|date of birth)"
    rf"[ \t]{{0,3}}(?:le|on|:)?[ \t]{{0,3}}(?P<date>{_DATE})",
    re.IGNORECASE,
)
TITLED = re.compile(
    r"(?<![\w.])(?:M\.|MM\.|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|Monsieur|Madame|Mademoiselle"
    r"|Mr\.?|Mrs\.?|Ms\.?)[ \t]{1,3}(?:[A-Z]\.[ \t]{0,2}){0,3}"
    r"[A-ZÀ-ÖØ-Þ][\w'\u2019-]{1,40}"
)
# Every pattern above, each of bounded width (tests/core/test_detector_is_linear.py).
BOUNDED = (_LOCAL_RUN, _DOMAIN, SHAPES, COMPACT_PHONE, BIRTH, TITLED)


def emails(data: bytes, meter: Meter | None = None) -> list[bytes]:
    """Every e-mail address in ``data``, found around each ``@`` in bounded, disjoint windows."""
    found: list[bytes] = []
    at = data.find(b"@")
    floor = 0  # the local part of an address never reaches back past the previous "@"
    examined = 0
    while at != -1:
        following = data.find(b"@", at + 1)
        lowest = max(floor, at - LOCAL_MAX)
        local = _LOCAL_RUN.match(data[lowest:at][::-1])  # the run just before the @, reversed
        start = at - (local.end() if local else 0)
        end = min(len(data) if following == -1 else following, at + 1 + DOMAIN_MAX)
        examined += (at - lowest) + max(0, end - at - 1) + 1
        domain = _DOMAIN.match(data, at + 1, end)
        if start < at and domain is not None:
            found.append(data[start : domain.end()])
        floor, at = at + 1, following
    if meter is not None:
        meter.examined += examined + len(data)  # the finds read the payload once
    return found


def contacts(data: bytes, meter: Meter | None = None) -> list[tuple[str, str]]:
    """Phone numbers and postal addresses: (kind, what was found)."""
    if meter is not None:
        meter.examined += len(data)
    if b" " not in data:  # canonical JSON has spaces only inside free text
        return [("phone number", m.group().decode()) for m in COMPACT_PHONE.finditer(data)]
    return [
        (_KINDS[m.lastgroup or ""], m.group().decode(errors="replace").strip())
        for m in SHAPES.finditer(data)
    ]


def births(text: str, meter: Meter | None = None) -> list[str]:
    """Dates of birth: a date just after "né", "née", "born", "date de naissance"."""
    if meter is not None:
        meter.examined += len(text)
    return [m.group() for m in BIRTH.finditer(text)]


def titled_names(text: str, meter: Meter | None = None) -> list[str]:
    """A civil title followed by a name: "M. Dupont", "Madame Lefèvre"."""
    if meter is not None:
        meter.examined += len(text)
    return [m.group() for m in TITLED.finditer(text)]
