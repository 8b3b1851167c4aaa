"""What changed between two versions of a recommendation's text, line by line (difflib)."""

from __future__ import annotations

import difflib
from typing import Any


def differences(before: str, after: str) -> list[dict[str, Any]]:
    """Each line of the new version, kept, added or removed (``op``: ' ', '+', '-')."""
    lines: list[dict[str, Any]] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        op, text = line[:1], line[2:]
        if op in " +-":
            lines.append({"op": op, "text": text})
    return lines
