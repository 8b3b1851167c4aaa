"""An example of each event type, built from its annotations: deterministic, always valid.

Used in the AsyncAPI document and as the first golden payload of a new wire name.
"""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid5

import msgspec

from core.events import Event

ASSEMBLY = UUID("0b9d2f4e-5a4c-4f0e-9b7a-3c1d2e4f5a6b")
AT = datetime(2026, 2, 7, 9, 0, tzinfo=UTC)
_BY_NAME: dict[str, Any] = {
    "by": "clerk:greffe",
    "member": "ele-007",
    "pseudonym": "ele-007",
    "reserve": "res-001",
    "replaces": "ele-007",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "location": "https://paris.fr/pv/2026-02-07.pdf",
    "originator_version": 1,
}


def example(cls: type[Event]) -> Event:
    """An instance of ``cls`` with a plausible value in every field."""
    return typing.cast(Event, _value(cls, "event", cls.__name__))


def _value(tp: Any, name: str, owner: str) -> Any:
    if name in _BY_NAME and tp in (str, int):
        return _BY_NAME[name]
    if name == "originator_id":
        return ASSEMBLY
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _value(args[0], name, owner)
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in args if a is not type(None)), name, owner)
    if origin is typing.Literal:
        return args[0]
    if origin in (tuple, list, set, frozenset):
        items = args[:-1] if len(args) == 2 and args[1] is Ellipsis else args
        built = [_value(a, name, owner) for a in items or (str,)]
        return built if origin is list else tuple(built) if origin is tuple else origin(built)
    if origin is dict:
        return {_value(args[0], "key", owner): _value(args[1], name, owner)}
    return _leaf(tp, name, owner)


def _leaf(tp: Any, name: str, owner: str) -> Any:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        hints = typing.get_type_hints(tp, include_extras=True)
        return tp(**{f: _value(hints[f], f, tp.__name__) for f in tp.__struct_fields__})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return next(iter(tp))
    leaves: dict[Any, Any] = {
        str: name.replace("_", " "),
        int: 1,
        bool: False,
        Decimal: Decimal("0.5"),
        datetime: AT,
        date: AT.date(),
        bytes: b"example",
    }
    if tp is UUID:
        return uuid5(ASSEMBLY, f"{owner}.{name}")
    if tp in leaves:
        return leaves[tp]
    if tp is Any:
        return name
    raise TypeError(f"{owner}.{name}: no example for {tp!r}: add one to _leaf()")
