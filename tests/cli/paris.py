"""The Paris assembly of tests/core/paris.py, as an administrator types it.

``data/paris-panel.json`` is its panel as ``assembly panel receive`` reads it; after
changing ``panel_arrived()``, regenerate it with ``.venv/bin/python -m tests.cli.paris``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import msgspec

from core.assembly.membership.members import Drawn
from tests.core.paris import panel_arrived

PANEL = Path(__file__).parent / "data" / "paris-panel.json"
AT = "2026-02-01T18:00:00+01:00"
CONVENE = [
    "convene",
    "--name",
    "Assemblée citoyenne de Paris",
    "--cohort",
    "2026",
    "--term-start",
    "2026-01-15",
    "--term-end",
    "2027-01-14",
    "--teller",
    "dupont",
    "--as",
    "clerk:greffe",
    "--at",
    "2026-01-10T18:00:00+01:00",
]

SEATED = ("ele-000", "ele-001", "ele-002", "ele-003")
PLENARY = [
    "schedule",
    "--kind",
    "plenary",
    "--title",
    "Opening plenary",
    "--starts-at",
    "2026-02-07T10:00:00+01:00",
    "--agenda",
    "Welcome",
    "--agenda",
    "The charter",
]


def panel_json() -> str:
    """One person per line, so that a change to the test data reads well in a diff."""
    arrived = panel_arrived()

    def people(drawn: Iterable[Drawn]) -> str:
        return ",\n".join(f"    {msgspec.json.encode(d).decode()}" for d in drawn)

    return (
        '{\n  "draw": null,\n'
        f'  "panel": [\n{people(arrived.panel)}\n  ],\n'
        f'  "reserves": [\n{people(arrived.reserves)}\n  ]\n}}\n'
    )


if __name__ == "__main__":
    PANEL.write_text(panel_json(), encoding="utf-8")
