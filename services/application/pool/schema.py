"""What a pool file holds, in the words of a charter: its columns, sub-pools, criteria and
values (with French labels), for ``assembly pool schema`` and ``pool import --help`` alike, so
the documentation is the vocabulary the import checks against, never a copy of it."""

from __future__ import annotations

from typing import Any

from core.vocabulary import Vocabulary, label
from services.application.pool.csv import MINOR_AGE_BAND, MINORS, OPTIONAL, PERSONAL

_ARRONDISSEMENT = "leading zeros accepted: 05 is the 5th"


def schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The columns of a pool file, as data (``--json``)."""
    return {
        "columns": [
            *(
                {"name": name, "kind": "personal", "required": name not in OPTIONAL, "says": says}
                for name, says in PERSONAL.items()
            ),
            *(
                {
                    "name": c.name,
                    "kind": "criterion",
                    "required": True,
                    "label": label(c.name),
                    "values": [{"value": v, "label": label(c.name, v)} for v in c.values],
                }
                for c in vocabulary.criteria
            ),
            {
                "name": "subpool",
                "kind": "sub-pool",
                "required": True,
                "values": [{"value": s, "label": label(s)} for s in vocabulary.subpools],
            },
        ],
        "subpools": list(vocabulary.subpools),
        "criteria": {c.name: list(c.values) for c in vocabulary.criteria},
    }


def _listed(word: str, head: str, pairs: list[tuple[str, str]]) -> list[str]:
    """One line for bare values; one value a line when they have labels."""
    if not any(t for _, t in pairs):
        return [f"  {word:<15} {head}{', '.join(v for v, _ in pairs)}"]
    width = max(len(v) for v, _ in pairs)
    return [f"  {word:<15} {head}one of:", *(f"  {'':<17}{v:<{width}}  {t}" for v, t in pairs)]


def describe(vocabulary: Vocabulary) -> str:
    """The columns as lines a person reads (no rewrapping: each line stands alone)."""
    lines = [f"  {name:<15} {says}" for name, says in PERSONAL.items()]
    for c in vocabulary.criteria:
        head = f"{label(c.name)}: " if label(c.name) else ""
        if c.name == "arrondissement" and len(c.values) > 6:
            values = f"{c.values[0]} to {c.values[-1]} ({_ARRONDISSEMENT})"
            lines.append(f"  {c.name:<15} {head}{values}")
        else:
            lines.extend(_listed(c.name, head, [(v, label(c.name, v)) for v in c.values]))
    lines.extend(_listed("subpool", "", [(s, label(s)) for s in vocabulary.subpools]))
    if MINORS in vocabulary.subpools:
        lines.append(f"  {'':<17}({MINORS}: exactly the age band {MINOR_AGE_BAND})")
    return "\n".join(lines)
