"""Every text a fact can hold has a documented limit (core/text/limits.py), with its reason."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import msgspec.inspect as mi

import core
from core.events import wire_names
from core.text.limits import LIMITS, limit_of


def _all_facts() -> dict[str, type]:
    for module in pkgutil.walk_packages(core.__path__, "core."):
        importlib.import_module(module.name)  # every fact class registers its wire name
    return wire_names()


def _paths(info: mi.Type, path: str) -> Iterator[str]:
    """The string fields of a type, named as core.text.check.texts names them."""
    match info:
        case mi.StrType():
            yield path
        case mi.StructType():
            for f in info.fields:
                yield from _paths(f.type, f"{path}.{f.name}" if path else f.name)
        case mi.ListType() | mi.VarTupleType() | mi.SetType() | mi.FrozenSetType():
            yield from _paths(info.item_type, path + "[]")
        case mi.TupleType():
            for item in info.item_types:
                yield from _paths(item, path + "[]")
        case mi.DictType():
            yield from _paths(info.key_type, path + "[]")
            yield from _paths(info.value_type, path + "[]")
        case mi.UnionType():
            for option in info.types:
                yield from _paths(option, path)


def test_given_every_fact_class_then_each_string_field_has_a_limit() -> None:
    facts = _all_facts()

    missing = [
        f"{wire} {path}"
        for wire, cls in sorted(facts.items())
        for path in _paths(mi.type_info(cls), "")
        if limit_of(wire, path) is None
    ]

    assert len(facts) > 40
    assert missing == [], "add a line for each to core/text/limits.py"


def test_given_the_table_then_every_limit_says_why_and_is_positive() -> None:
    assert all(limit.why.strip() and limit.max > 0 for limit in LIMITS.values())
