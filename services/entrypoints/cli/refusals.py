"""Texts made in English elsewhere (the rules' refusals in core, the event store's and the
settings' errors), translated at the edge: core stays free of gettext, its texts are data.

The catalogue holds each text as a template whose placeholders name the facts, the way core
writes it (``no ballot {bid} in {name}``); a text is matched against the templates, longest
first, and its facts put into the French template, themselves translated when the catalogue
knows them (a status, a fragment such as ``open a ballot on {text}``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from services.entrypoints.cli import i18n

_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")
_MIN_LITERAL = 4  # a whole text: a template of fewer letters than this would match anything


def translated(message: str) -> str:
    """``message`` in the language of this run; itself when the catalogue does not know it."""
    if i18n.language() == "en" or not message:
        return message
    said = _read(message, None, 0)[0]
    return _ENV_HINT.sub(lambda m: i18n._("(env var: {var})").format(var=m.group(1)), said)


# click's hint for an option read from the environment, written without its gettext
_ENV_HINT = re.compile(r"\(env var: ('[^']*')\)")


_INSTANT = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\+00:00|Z)")
_NANOS = re.compile(r"(\.\d{6})\d+")
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?![T:])")


def in_paris_time(text: str) -> str:
    """The times a rule's refusal holds (ISO 8601, UTC) as a Paris reader reads them, in
    French: 08/12/2026 00:52 (Paris time), 14/01/2027. Only for refusals: a bad input's
    message shows the forms to type."""
    if i18n.language() == "en":
        return text
    from datetime import datetime  # noqa: PLC0415

    def instant(m: re.Match[str]) -> str:
        try:
            iso = _NANOS.sub(r"\1", m.group(0).replace("Z", "+00:00"))  # a server's: 9 digits
            return i18n.moment(datetime.fromisoformat(iso))
        except ValueError:
            return m.group(0)

    text = _INSTANT.sub(instant, text)
    return _DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)


def _read(message: str, of: str | None, depth: int) -> tuple[str, int]:
    """The text translated, and how much of it the reading accounts for: the catalogue's
    words and the facts that are data (ids, times, quoted titles) or read in turn. Of the
    templates that match, the reading that accounts for most wins: a fact that swallowed the
    rest of the text ("{member} cannot {act}" taking a whole time-order refusal) accounts for
    little."""
    if of is not None and " " not in message:  # a code agreeing with what it qualifies
        agreeing = i18n.value(message, of)
        if agreeing != message:
            return agreeing, len(message)
    direct = i18n._(message)
    if direct != message:
        return direct, len(message)
    if depth > 3:
        return message, 0 if _words(message) else len(message)
    best: tuple[tuple[int, int], str] | None = None
    if "; " in message and depth:  # perhaps a list of reasons: each its own text
        parts = [_read(part, of, depth) for part in message.split("; ")]
        joined = "\u00a0; " if i18n.language() == "fr" else "; "
        score = sum(p[1] for p in parts) + 2 * len(parts) - 2
        best = ((score, 0), joined.join(p[0] for p in parts))
    listed = _LISTED.fullmatch(message) if depth else None  # core.text.words.listed: a, b and c
    if listed is not None:
        word = listed.group("word")
        *rest, last = message.split(f" {word} ")
        items = [*f" {word} ".join(rest).split(", "), last]
        parts = [_read(item, of, depth + 1) for item in items]
        score = sum(p[1] for p in parts) + 2 * len(parts)
        if best is None or (score, 0) > best[0]:
            said = [p[0] for p in parts]
            best = ((score, 0), f"{', '.join(said[:-1])} {i18n._(word)} {said[-1]}")
    for chunks, msgid, found in _candidates(message, depth):
        # "la séance ... est close", "le vote de ..."
        agree = "noun" if msgid == "{who}'s {noun}" else "session" if "session" in msgid else None
        read = {
            name: (fact, len(fact)) if f"`{{{name}}}`" in msgid else _read(fact, agree, depth + 1)
            for name, fact in found.groupdict().items()
        }  # a fact in backquotes is code (a field's name, a command): as it is
        key = (sum(map(len, chunks)) + sum(r[1] for r in read.values()), len(chunks))
        if best is None or key > best[0]:
            try:
                shown = _elided(i18n._(msgid).format(**{n: r[0] for n, r in read.items()}))
            except (KeyError, IndexError, ValueError):  # a translation naming other facts
                continue
            best = (key, shown)
    if best is None:
        return message, 0 if _words(message) else len(message)
    return best[1], best[0][0]


def _candidates(message: str, depth: int) -> Iterator[tuple[tuple[str, ...], str, re.Match[str]]]:
    """The templates that match: cheaply, most fail on their literal parts before any regular
    expression; a fact inside a text takes only a template that says a good part of it."""
    for chunks, msgid in _templates():
        if not all(chunk in message for chunk in chunks):
            continue
        if not depth and sum(c.isalpha() for c in "".join(chunks)) < _MIN_LITERAL:
            continue
        if depth and 12 * sum(map(len, chunks)) < len(message):
            continue
        found = _pattern(msgid).fullmatch(message)
        if found is not None:
            yield chunks, msgid, found


# "a, b and c": the items of a list core joined (codes, names), none of them a clause
_LISTED = re.compile(r"[^,;:()]+(?:, [^,;:()]+)* (?P<word>and|or) [^,;:()]+")
_NUMBERS = {"position", "seq", "n", "cohort", "size", "tree_size", "number", "count"}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"[a-z]{3,}")


def _words(fact: str) -> bool:
    """Whether a fact holds words of a sentence (not only an id, a time, a quoted title)."""
    return _WORD.search(_QUOTED.sub("", fact)) is not None


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
        fact = r"\d[\d,]*" if name in _NUMBERS else ".*?"  # "{position}" is a number
        pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>{fact})")
        seen.add(name)
        at = m.end()
    pattern.append(re.escape(msgid[at:]))
    return re.compile("".join(pattern), re.DOTALL)


def _templates() -> tuple[tuple[tuple[str, ...], str], ...]:
    return _compiled(i18n.language())
