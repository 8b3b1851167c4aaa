"""What the optimisation reports while it runs, for the progress bars people watch."""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct


class Progress(Struct, frozen=True, kw_only=True):
    stage: str
    """"maximin" and "leximin" (the levels), "panels" (writing them as a lottery), "rounding"
    (to m tickets), "herding"."""
    fixed: int
    """How many of `types` are settled so far (their level fixed, or their seats integral)."""
    types: int
    panels: int
    subpool: str = ""
    """Whose lottery: set by the caller that solves several (the solver knows one pool)."""


OnProgress = Callable[[Progress], None]
