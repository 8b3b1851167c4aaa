"""``draw report --plot``: composition against the quotas, and the distribution of selection
probabilities (the committed lottery next to the legacy baseline)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt

from services.application.draw.report import SubpoolReport


def _same(text: str) -> str:
    return text


def plot(reports: Sequence[SubpoolReport], out: Path, say: Callable[[str], str] = _same) -> None:
    """``say`` puts the labels in the reader's language (the CLI's catalogue has them)."""
    figure, axes = plt.subplots(len(reports), 2, figsize=(14, 4.5 * len(reports)), squeeze=False)
    for (left, right), report in zip(axes, reports, strict=True):
        rows = report.composition
        labels = [f"{r.category}={r.value}" for r in rows]
        xs = range(len(rows))
        left.bar(
            xs,
            [r.max - r.min for r in rows],
            bottom=[r.min for r in rows],
            color="#cfe0f3",
            label=say("quota"),
        )
        left.scatter(xs, [r.drawn for r in rows], color="#c0392b", zorder=3, label=say("drawn"))
        left.set_xticks(list(xs), labels, rotation=90, fontsize=6)
        left.set_title(
            say("{subpool}: {seats} seats vs quotas").format(
                subpool=report.subpool, seats=report.seats
            )
        )
        left.legend(fontsize=7)
        right.hist(
            sorted(report.per_person.values()), bins=40, color="#2e86de", label=report.algorithm
        )
        right.axvline(
            report.seats / report.respondents,
            color="grey",
            linestyle="--",
            label=say("seats / respondents"),
        )
        right.set_title(
            say("{subpool}: selection probability per respondent").format(subpool=report.subpool)
        )
        right.set_xlabel(say("probability"))
        right.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(out, dpi=110)
    plt.close(figure)
