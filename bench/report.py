"""Results as a table of figures and ratios, or as JSON. Timings are reported, never asserted."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Result:
    key: str  # short id, e.g. "a1"
    name: str  # the table's first column
    ours: float  # per second
    raw: float  # per second, the baseline measured in the same run
    target: float | None = None  # minimum ratio, or None for information only
    count: int = 0  # events (or round trips) timed on our side
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.ours / self.raw if self.raw else float("nan")

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio >= self.target


def _num(value: float) -> str:
    return f"{value:,.0f}"


def table(results: list[Result]) -> str:
    width = max(44, *(len(f"({r.key[0]}) {r.name}") for r in results)) + 2
    lines = [f"{'measurement':<{width}}{'ours/s':>10}{'raw/s':>10}{'ratio':>8}  target"]
    for r in results:
        label = f"({r.key}) {r.name}"
        target = "-" if r.target is None else f">= {r.target:g}"
        lines.append(
            f"{label:<{width}}{_num(r.ours):>10}{_num(r.raw):>10}{r.ratio:>8.2f}  {target}"
        )
    return "\n".join(lines)


def verdict(results: list[Result]) -> str:
    met = [r.key for r in results if r.met is True]
    missed = [f"{r.key} ({r.ratio:.2f} < {r.target:g})" for r in results if r.met is False]
    return f"targets met: {', '.join(met) or 'none'}; missed: {', '.join(missed) or 'none'}"


def as_json(results: list[Result], meta: dict[str, Any]) -> str:
    rows = []
    for r in results:
        row = asdict(r)
        row["ratio"] = r.ratio
        row["met"] = r.met
        rows.append(row)
    return json.dumps(
        {
            **meta,
            "results": rows,
            "met": [r.key for r in results if r.met is True],
            "missed": [r.key for r in results if r.met is False],
        },
        indent=2,
    )
