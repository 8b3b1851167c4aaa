"""JSON Schemas of the events as stored (msgspec's canonical JSON), and their fingerprints.

The fingerprint is the SHA-256 of the schema with names and prose taken out
(``$ref`` inlined, ``title`` and ``description`` dropped): renaming a class or
rewording a docstring keeps it, changing what goes over the wire does not.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec

from core.events import Event

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_PROSE = frozenset({"title", "description", "examples"})


def components(
    classes: list[type[Event]], ref_template: str
) -> tuple[tuple[dict[str, Any], ...], dict[str, Any]]:
    """msgspec's schemas of the classes (each a ``$ref``) and the components they share."""
    return msgspec.json.schema_components(classes, ref_template=ref_template)


def json_schema(wire: str, cls: type[Event]) -> dict[str, Any]:
    """A standalone JSON Schema (2020-12) of one event type's payload."""
    [ref], defs = components([cls], "#/$defs/{name}")
    return {
        "$schema": DRAFT,
        "$id": f"{wire}.json",
        "title": wire,
        "description": (cls.__doc__ or cls.__name__).strip(),
        **ref,
        "$defs": defs,
    }


def fingerprint(cls: type[Event]) -> str:
    """What the wire form of ``cls`` is, as a SHA-256 of its name-free, prose-free schema."""
    [ref], defs = components([cls], "#/$defs/{name}")
    flat = _inline(ref, defs, depth=0)
    return hashlib.sha256(json.dumps(flat, sort_keys=True).encode()).hexdigest()


def _inline(node: Any, defs: dict[str, Any], depth: int) -> Any:
    if depth > 50:
        raise ValueError("a recursive event type: give it a fingerprint by hand")
    if isinstance(node, list):
        return [_inline(n, defs, depth) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            out.update(_inline(defs[value.rsplit("/", 1)[-1]], defs, depth + 1))
        elif key == "properties":  # field names, never prose: a field may be called "title"
            out[key] = {name: _inline(sub, defs, depth) for name, sub in value.items()}
        elif key not in _PROSE:
            out[key] = _inline(value, defs, depth)
    return out
