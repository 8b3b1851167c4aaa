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
_MIN_LITERAL = 4  # a whole text: a template of fewer letters than this would match anything


def translated(message: str, depth: int = 0) -> str:
    """``message`` in the language of this run; itself when the catalogue does not know it."""
    if i18n.language() == "en" or not message:
        return message
    direct = i18n._(message)
    if direct != message:
        return direct
    matched = [
        (chunks, msgid, found)
        for chunks, msgid in _templates()
        # cheap: most templates fail on their literal parts, before any regular expression;
        # a fact inside a text takes only a template that says a good part of it
        if all(chunk in message for chunk in chunks)
        and (depth or sum(c.isalpha() for c in "".join(chunks)) >= _MIN_LITERAL)
        and not (depth and 8 * sum(map(len, chunks)) < len(message))
        and (found := _pattern(msgid).fullmatch(message)) is not None
    ]
    if not matched:
        return message
    # the template that knows most of the text's structure (its clauses), then most words:
    # "{act} at {at}: {fact} at {earlier}; {because}" before "no reserve can be called for ..."
    _chunks, msgid, found = max(matched, key=lambda m: (len(m[0]), sum(map(len, m[0]))))
    # a word agreeing with what it qualifies: "la séance ... est close", "le vote de ..."
    of = "noun" if msgid == "{who}'s {noun}" else "session" if "session" in msgid else None
    facts = {name: _fact(fact, of, depth) for name, fact in found.groupdict().items()}
    try:
        return _elided(i18n._(msgid).format(**facts))
    except (KeyError, IndexError, ValueError):  # a translation naming other facts
        return message


def _fact(fact: str, of: str | None, depth: int) -> str:
    """A fact inside a text: a code as the word agreeing with what it qualifies, a fragment
    (``open a ballot on {text}``) translated in turn."""
    if "; " in fact:  # a list of reasons: each its own text
        joined = "\u00a0; " if i18n.language() == "fr" else "; "
        return joined.join(_fact(part, of, depth) for part in fact.split("; "))
    if of is not None and " " not in fact:
        agreeing = i18n.value(fact, of)
        if agreeing != fact:
            return agreeing
    return translated(fact, depth + 1) if depth < 3 else fact


_ELISION = re.compile(r"\b(d|qu)e ([aeiouyàâéèêîôûAEIOUYÀÂÉÈÊÎÔÛ])")


def _elided(text: str) -> str:
    """French elision where a fact begins with a vowel: "impossible de entendre" is written
    with an apostrophe, as French does."""
    if i18n.language() != "fr":
        return text
    return _ELISION.sub(lambda m: f"{m.group(1)}\u2019{m.group(2)}", text)


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
        if not literal.strip():
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
        pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        at = m.end()
    pattern.append(re.escape(msgid[at:]))
    return re.compile("".join(pattern), re.DOTALL)


def _templates() -> tuple[tuple[tuple[str, ...], str], ...]:
    return _compiled(i18n.language())
