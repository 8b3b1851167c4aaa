"""Messages for people: never a Python repr of a struct, an enum, a list or a dict."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”")
_REPR = re.compile(
    r"\b[A-Z][A-Za-z0-9]*\((?:[a-z_]+=|\)|')"  # Tally(in_favour=1, ...), UUID('...'), Foo()
    r"|<[A-Z][A-Za-z0-9]*\.[A-Z_]+: "  # <Status.WITHDREW: 'withdrew'>
    r"|\b(?:[A-Z][a-z]+)+\.[A-Z][A-Z_]+\b"  # Status.WITHDREW
    r"|\b(?:datetime|date)\.(?:datetime|date)\("
    r"|\[\]|\{\}|\bdict_keys\("
)
_COLLECTION = re.compile(  # ['a', 'b'], [1, 2], {'a': 1}; not an index: $.panel[0]
    r"(?<![\w$\]])\[\s*['\"(\d]|\{\s*['\"]"
)


def reprs(message: str) -> list[str]:
    """The Python reprs a message shows (none in a message for people)."""
    found = [m.group(0) for m in _COLLECTION.finditer(message)]
    return found + [m.group(0) for m in _REPR.finditer(_QUOTED.sub("''", message))]
