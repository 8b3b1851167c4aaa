"""Collections in the words of a message: never a Python list, dict or struct repr."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def listed(items: Iterable[object]) -> str:
    """``a, b and c``; ``none`` when there is nothing."""
    shown = [str(i) for i in items]
    if not shown:
        return "none"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def counted(counts: Mapping[str, int]) -> str:
    """``electoral-rolls 80, minors 5``, in name order."""
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) or "none"
