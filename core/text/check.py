"""Every text of a fact, checked before the fact is recorded and again when the audit replays
it: the same function on both sides (commands.application saves nothing it refuses;
core.audit.replay reports what it would have refused).

A text is refused when it is empty but required, longer than its limit (core.text.limits), not
in Unicode NFC (the CLI normalises what it reads; the record holds one form so that the audit
and the reader compare like with like), holds a control character other than newline and tab,
or holds a personal-data shape (core.text.detector says which, and what is refused where).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import msgspec
import msgspec.inspect

from core.errors import DomainError
from core.events import Event
from core.text import detector
from core.text.limits import Limit, limit_of

FALLBACK = Limit(max=1_000, required=False, kind="text", why="a field with no line of its own")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_HTTPS = re.compile(r"https://[^\s/?#.]+(?:\.[^\s/?#.]+)+(?:[/?#]\S*)?")  # one way to match
_INSTEAD = {
    "text": "refer to the person by their role or pseudonym",
    "role": "give the name and the institution only, never a contact or a date of birth",
    "place": "give the venue and its address only",
    "actor": "act as role:name, e.g. clerk:greffe or member:<pseudonym>",
}


class TextRefused(DomainError):
    """A text of a fact the record must not hold."""

    rule = "text"

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule if rule == "personal-data" else f"text-{rule}"


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a fact with its path (``expert.name``, ``agenda[]``), in field order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, msgspec.Struct):
        prefix = f"{path}." if path else ""
        for name in _text_fields(type(value)):
            yield from texts(getattr(value, name), prefix + name)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from texts(item, path + "[]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(key, path + "[]")
            yield from texts(item, path + "[]")


@cache
def _text_fields(cls: type[msgspec.Struct]) -> tuple[str, ...]:
    """The fields of a struct whose type can hold a string (ids, times, numbers cannot)."""
    info = msgspec.inspect.type_info(cls)
    if not isinstance(info, msgspec.inspect.StructType):  # pragma: no cover - always a struct
        return cls.__struct_fields__
    return tuple(f.name for f in info.fields if _may_hold_text(f.type))


def _may_hold_text(info: msgspec.inspect.Type) -> bool:
    match info:
        case msgspec.inspect.StrType() | msgspec.inspect.StructType() | msgspec.inspect.AnyType():
            return True
        case (
            msgspec.inspect.ListType()
            | msgspec.inspect.VarTupleType()
            | msgspec.inspect.SetType()
            | msgspec.inspect.FrozenSetType()
        ):
            return _may_hold_text(info.item_type)
        case msgspec.inspect.TupleType():
            return any(_may_hold_text(t) for t in info.item_types)
        case msgspec.inspect.DictType():
            return _may_hold_text(info.key_type) or _may_hold_text(info.value_type)
        case msgspec.inspect.UnionType():
            return any(_may_hold_text(t) for t in info.types)
    return False


def check(event: Event) -> None:
    """Refuse the first text of ``event`` the record must not hold (TextRefused)."""
    wire = type(event).wire
    for path, value in texts(event):
        check_text(path, value, _limit(wire, path))


@cache
def _limit(wire: str, path: str) -> Limit:
    return limit_of(wire, path) or FALLBACK


def check_all(events: Any) -> None:
    for event in events:
        if isinstance(event, Event):
            check(event)


def check_text(path: str, value: str, limit: Limit, meter: detector.Meter | None = None) -> None:
    if meter is None and len(value) <= _SHORT:
        _short_checked(path, value, limit)  # actors, pseudonyms, names: the same few, again
        return
    _check_text(path, value, limit, meter)


_SHORT = 128  # a string this short is checked once per field and kept (bounded below)


@lru_cache(maxsize=1 << 16)
def _short_checked(path: str, value: str, limit: Limit) -> None:
    """The check of a short text, remembered: a refusal is not (an exception is not cached),
    so a text refused is refused again, with the same message, every time."""
    _check_text(path, value, limit, None)


def _check_text(path: str, value: str, limit: Limit, meter: detector.Meter | None) -> None:
    if not value.strip():
        if limit.required:
            raise TextRefused("empty", f"the {_field(path)} is empty: write it (it is required)")
        return
    if len(value) > limit.max:
        raise TextRefused(
            "too-long",
            f"the {_field(path)} has {len(value):,} characters, over its limit of {limit.max:,} "
            f"({limit.why}): shorten it",
        )
    control = _CONTROL.search(value)
    if control is not None:
        raise TextRefused(
            "control-character",
            f"the {_field(path)} holds the control character U+{ord(control.group()):04X} at "
            f"character {control.start() + 1}: remove it (only newlines and tabs are allowed)",
        )
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        raise TextRefused(
            "not-nfc", f"the {_field(path)} is not in Unicode NFC: normalise it (the CLI does)"
        )
    if limit.kind == "https" and not _HTTPS.fullmatch(value):
        raise TextRefused(
            "not-https",
            f"the {_field(path)} “{value[:80]}” is not an https:// URL: give the address "
            "where anyone can read it, e.g. https://www.paris.fr/pv/2026-02-07.pdf",
        )
    if limit.kind == "code":
        return
    _personal(_field(path), value, limit, meter)


def _field(path: str) -> str:
    """A field as a message names it: ``dice.witnesses[]`` is "dice witnesses"."""
    if path == "by":
        return "actor (who acts)"
    return path.replace("[]", "").replace(".", " ").replace("_", " ")


def _personal(field: str, value: str, limit: Limit, meter: detector.Meter | None) -> None:
    data = value.encode()
    for email in detector.emails(data, meter):
        _refuse(field, limit, "an e-mail address", email.decode(errors="replace"))
    for kind, found in detector.contacts(data, meter):
        if kind == "postal address" and limit.kind == "place":
            continue
        _refuse(field, limit, f"a {kind}", found)
    if limit.kind == "actor":  # role:name, a short word: its shape is the actor rule's
        return
    for found in detector.births(value, meter):
        _refuse(field, limit, "a date of birth", found)
    if limit.kind == "text":
        for found in detector.titled_names(value, meter):
            _refuse(field, limit, "a person's name", found)


def _refuse(field: str, limit: Limit, what: str, found: str) -> None:
    raise TextRefused(
        "personal-data",
        f"the {field} holds what looks like {what} (“{found[:60]}”): personal data never goes "
        f"on the record; {_INSTEAD.get(limit.kind, _INSTEAD['text'])}",
    )
