"""What a pool file holds, in the words of a charter: its columns, sub-pools, criteria and
values (with French labels), for ``assembly pool schema`` and ``pool import --help`` alike, so
the documentation is the vocabulary the import checks against, never a copy of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.vocabulary import Vocabulary, label
from services.application.pool.csv import MINOR_AGE_BAND, MINORS, OPTIONAL, PERSONAL

Say = Callable[[str], str]


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


def _listed(word: str, head: str, pairs: list[tuple[str, str]], say: Say) -> list[str]:
    """One line for bare values; one value a line when they have labels."""
    if not any(t for _, t in pairs):
        return [f"  {word:<15} {head}{', '.join(v for v, _ in pairs)}"]
    width = max(len(v) for v, _ in pairs)
    one_of = say("one of:")
    return [f"  {word:<15} {head}{one_of}", *(f"  {'':<17}{v:<{width}}  {t}" for v, t in pairs)]


def _as_is(text: str) -> str:
    return text


def describe(vocabulary: Vocabulary, say: Say = _as_is) -> str:
    """The columns as lines a person reads (no rewrapping: each line stands alone); ``say``
    puts each English note in the reader's language (the CLI's catalogue holds them)."""
    lines = [f"  {name:<15} {say(says)}" for name, says in PERSONAL.items()]
    for c in vocabulary.criteria:
        colon = say(":")  # "genre : " in French
        head = f"{label(c.name)}{colon} " if label(c.name) else ""
        if c.name == "arrondissement" and len(c.values) > 6:
            first, last = c.values[0], c.values[-1]
            values = say(f"{first} to {last} (leading zeros accepted: 05 is the 5th)")
            lines.append(f"  {c.name:<15} {head}{values}")
        else:
            lines.extend(_listed(c.name, head, [(v, label(c.name, v)) for v in c.values], say))
    lines.extend(_listed("subpool", "", [(s, label(s)) for s in vocabulary.subpools], say))
    if MINORS in vocabulary.subpools:
        minors = say(f"({MINORS}: exactly the age band {MINOR_AGE_BAND})")
        lines.append(" " * 19 + minors)
    return "\n".join(lines)
