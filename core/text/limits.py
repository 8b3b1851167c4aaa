"""The limits of every text a fact can hold: one line per field, with the reason for its limit.

A field is named by its path in the fact (``reason``, ``expert.name``, ``dice.witnesses[]``:
``[]`` is an item of a list or of a mapping, key or value). A line applies to every fact with
that field, unless a line for the fact's wire name (``assembly.invitation_declined.v1``) says
otherwise. ``tests/core/test_text_limits.py`` fails when a string field of any fact has no line.

Kinds (what core.text.check looks for besides the length and the characters):
``text``   free text typed by a clerk: no personal-data shapes at all, names included;
``role``   names a public role (an expert heard in public, the bailiff, a witness): a name,
           titles included, is allowed; a contact or a date of birth is not;
``code``   a pseudonym, a digest, a vocabulary word, a hex string made by the program: length
           and characters only (the rules check its shape);
``actor``  who acts (``by``): length, characters, no e-mail address or phone number here;
           its shape (``role:name``) and who may act are the actor rule's
           (core.assembly.actors);
``place``  a public venue: its address is allowed, an e-mail address or a phone number is not;
``https``  a location that anyone may open: an ``https://`` URL with no spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "role", "place", "code", "actor", "https"]


@dataclass(frozen=True)
class Limit:
    max: int  # characters (Unicode code points, after NFC)
    required: bool  # an empty (or all-blank) value is refused
    kind: Kind
    why: str


def _l(max: int, required: bool, kind: Kind, why: str) -> Limit:
    return Limit(max=max, required=required, kind=kind, why=why)


_PSEUDONYM = _l(64, True, "code", "a pseudonym of the pool: short by construction")
_HEX = _l(256, True, "code", "a hex digest, commitment or signature made by the program")
_WORD = _l(64, True, "code", "a word of the charter's vocabulary")
_NAME = _l(120, True, "role", "a person's name and title fit on a line of the minutes")

LIMITS: dict[str, Limit] = {
    # who acts
    "by": _l(100, True, "actor", "an identity such as clerk:greffe, never a sentence"),
    # members and the pool
    "member": _PSEUDONYM,
    "reserve": _PSEUDONYM,
    "replaces": _PSEUDONYM,
    "panel[]": _PSEUDONYM,
    "reserves[]": _PSEUDONYM,
    "panel[].pseudonym": _PSEUDONYM,
    "reserves[].pseudonym": _PSEUDONYM,
    "respondents[].pseudonym": _PSEUDONYM,
    "panel[].subpool": _WORD,
    "reserves[].subpool": _WORD,
    "respondents[].subpool": _WORD,
    "subpool": _WORD,
    "panel[].criteria[]": _WORD,
    "reserves[].criteria[]": _WORD,
    "respondents[].criteria[]": _WORD,
    "respondents[].commitment": _HEX,
    "members[]": _PSEUDONYM,  # a look-up of contacts names pseudonyms only
    "breached[].category": _WORD,  # the quotas a replacement breached
    "breached[].value": _WORD,
    "reason": _l(1_000, True, "text", "a member's reason in their words: a paragraph at most"),
    "assembly.invitation_declined.v1/reason": _l(
        1_000, False, "text", "a decline need not give a reason; a paragraph at most"
    ),
    "assembly.session_postponed.v1/reason": _l(
        1_000, True, "text", "why a session moves, said in public: a paragraph at most"
    ),
    "assembly.session_cancelled.v1/reason": _l(
        1_000, True, "text", "why a session will not sit, said in public: a paragraph at most"
    ),
    "group": _l(100, True, "text", "a working group's name, as in the charter's themes"),
    # the charter
    "charter.name": _l(200, True, "text", "an assembly's name fits on a title page"),
    "charter.subpool_seats[]": _WORD,
    "charter.themes[]": _l(100, True, "text", "a theme names a working group"),
    "charter.rules.tellers[]": _l(100, True, "actor", "a teller acts as teller:<name>"),
    "charter.vocabulary.subpools[]": _WORD,
    "charter.vocabulary.criteria[].name": _WORD,
    "charter.vocabulary.criteria[].values[]": _WORD,
    "commitment": _HEX,
    # sessions
    "title": _l(200, True, "text", "a title fits on one line of an agenda or a list"),
    "agenda[]": _l(300, True, "text", "one item of an agenda: a line, not a speech"),
    "expert.name": _NAME,
    "expert.affiliation": _l(200, True, "role", "an institution's name, as it signs"),
    "expert.topic": _l(300, True, "text", "what the expert spoke about, in a line"),
    "sha256": _l(64, True, "code", "a SHA-256 in hex is 64 characters"),
    "location": _l(500, True, "https", "a URL anyone can open; long URLs break in print"),
    # training
    "topic": _l(300, True, "text", "what a training covers, in a line of the programme"),
    "trainer": _NAME,  # a public role, as an expert heard: a name and title allowed
    # ballots
    "motion.text": _l(2_000, True, "text", "a motion is read aloud before the vote"),
    "outcome.rule": _l(500, True, "code", "the rule applied, as the tally states it in a line"),
    # recommendations: the longest texts of the record
    "text": _l(20_000, True, "text", "a recommendation or amendment: a few pages at most"),
    # follow-up
    "reasons": _l(10_000, True, "text", "the executive's answer: two pages at most"),
    "reference": _l(100, True, "text", "a deliberation reference such as 2026 V. 212"),
    "summary": _l(2_000, True, "text", "a report of progress: a paragraph or two"),
    # corrections: the value is checked again where it goes, by the corrected field's own line
    "assembly.fact_corrected.v1/field": _WORD,
    "assembly.fact_corrected.v1/value": _l(
        20_000, True, "code", "as long as the longest correctable field; checked as that field"
    ),
    # the draw
    "seats[]": _WORD,
    "root": _HEX,
    "counts[]": _WORD,
    "counts[][]": _WORD,
    "quotas[].category": _WORD,
    "quotas[].value": _WORD,
    "algorithm": _WORD,
    "version": _l(200, True, "code", "the program's and the solver's versions"),
    "digest": _HEX,
    "minimum": _l(200, True, "code", "a probability written as an exact fraction"),
    "optimum": _l(200, True, "code", "a probability written as an exact fraction"),
    "assembly.tickets_committed.v2/rounding": _l(
        64, True, "code", "a rounding's name, e.g. iterated/1"
    ),
    "assembly.tickets_committed.v2/unrounded": _l(
        200, False, "code", "a probability in decimals; absent on v1 facts"
    ),
    "assembly.tickets_committed.v2/deviation": _l(
        200, False, "code", "a probability in decimals; absent on v1 facts"
    ),
    "assembly.tickets_committed.v2/bound": _l(
        200, False, "code", "a probability in decimals; absent when the rounding proves none"
    ),
    "beacon.chain": _WORD,
    "beacon.chain_hash": _HEX,
    "beacon.randomness": _HEX,
    "beacon.signature": _HEX,
    "beacon.previous_signature": _l(256, False, "code", "absent on unchained beacons"),
    "dice.place": _l(200, True, "place", "where the ceremony is held: a public venue"),
    "dice.bailiff": _NAME,
    "dice.witnesses[]": _NAME,
    "dice.signed_by[]": _NAME,
    "dice.digits": _l(10_000, True, "code", "dice times throws: a ceremony of a few hours"),
    "seed": _HEX,
}


def limit_of(wire: str, path: str) -> Limit | None:
    """The limit of a field of a fact: its fact's own line, else the field's."""
    return LIMITS.get(f"{wire}/{path}") or LIMITS.get(path)
