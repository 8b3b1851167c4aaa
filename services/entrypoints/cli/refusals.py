"""Texts made in English elsewhere (the rules' refusals in core, the event store's and the
settings' errors), translated at the edge: core stays free of gettext, its texts are data.

The catalogue holds each text as a template whose placeholders name the facts, the way core
writes it (``no ballot {bid} in {name}``); a text is matched against the templates, longest
first, and its facts put into the French template, themselves translated when the catalogue
knows them (a status, a fragment such as ``open a ballot on {text}``)."""

from __future__ import annotations

import re
from functools import cache

from services.entrypoints.cli import i18n

_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")
_MIN_LITERAL = 4  # a template of fewer letters than this would match anything


def translated(message: str, depth: int = 0) -> str:
    """``message`` in the language of this run; itself when the catalogue does not know it."""
    if i18n.language() == "en" or not message:
        return message
    direct = i18n._(message)
    if direct != message:
        return direct
    for chunks, msgid in _templates():
        if not all(chunk in message for chunk in chunks):
            continue  # cheap: most templates fail here, before any regular expression
        found = _pattern(msgid).fullmatch(message)
        if found is not None:
            facts = {
                name: translated(fact, depth + 1) if depth < 3 else fact
                for name, fact in found.groupdict().items()
            }
            try:
                return i18n._(msgid).format(**facts)
            except (KeyError, IndexError, ValueError):  # a translation naming other facts
                return message
    return message


@cache
def _compiled(language: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every template of the catalogue with its literal parts, the longest first."""
    catalogue = getattr(i18n._catalogue(), "_catalog", {})
    templates = []
    for msgid in catalogue:
        if not isinstance(msgid, str) or "{" not in msgid or "\x04" in msgid:
            continue
        chunks = tuple(c for c in _PLACEHOLDER.split(msgid)[::2] if c)
        literal = "".join(chunks)
        if sum(c.isalpha() for c in literal) < _MIN_LITERAL:
            continue
        templates.append((len(literal), chunks, msgid))
    templates.sort(key=lambda t: -t[0])
    return tuple((chunks, msgid) for _n, chunks, msgid in templates)


@cache
def _pattern(msgid: str) -> re.Pattern[str]:
    pattern, seen, at = [], set(), 0
    for m in _PLACEHOLDER.finditer(msgid):
        pattern.append(re.escape(msgid[at : m.start()]))
        name = m.group(1)
        # a fact never spans a "; ": that is where a text's clauses and notes join
        pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>(?:(?!; ).)*?)")
        seen.add(name)
        at = m.end()
    pattern.append(re.escape(msgid[at:]))
    return re.compile("".join(pattern), re.DOTALL)


def _templates() -> tuple[tuple[tuple[str, ...], str], ...]:
    return _compiled(i18n.language())
