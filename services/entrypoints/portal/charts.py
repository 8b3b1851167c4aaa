"""Charts drawn on the server as SVG, readable without JavaScript and in print: each has a
title and a description for screen readers, and the page gives its figures as a table too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

WIDTH, BAR, GAP, LABEL = 640, 18, 6, 200


def bars(
    key: str,
    title: str,
    rows: Sequence[tuple[str, float, float | None, float | None]],
    *,
    scale: float | None = None,
    legend: str = "",
    figure: Callable[[float], str] | None = None,
) -> Markup:
    """Horizontal bars, one per row: (label, value, low, high); the [low, high] band is drawn
    behind the bar (a quota's bounds), so a bar outside it shows at a glance. ``figure`` says
    a value as the page's language does ("1 788" in French)."""
    say = figure or _figure
    top = max([scale or 0.0, *(max(v, h or 0.0) for _, v, _, h in rows)]) or 1.0
    span = WIDTH - LABEL - 60
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        f'<svg role="img" aria-labelledby="t-{key} d-{key}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" class="chart">',
        f'<title id="t-{key}">{escape(title)}</title>',
        f'<desc id="d-{key}">{escape(legend)}</desc>',
    ]
    for i, (label, value, low, high) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 4}" text-anchor="end" class="label">'
            f"{escape(label)}</text>"
        )
        if low is not None and high is not None:
            x0 = LABEL + span * low / top
            parts.append(
                f'<rect x="{x0:.1f}" y="{y - 2}" width="{max(span * (high - low) / top, 2):.1f}" '
                f'height="{BAR + 4}" class="band"/>'
            )
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{span * value / top:.1f}" height="{BAR}" '
            'class="bar"/>'
        )
        parts.append(
            f'<text x="{LABEL + span * value / top + 4:.1f}" y="{y + BAR - 4}" class="value">'
            f"{escape(say(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it is escaped above


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"
