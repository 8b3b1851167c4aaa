"""Quotas per sub-pool: from a CSV file, or derived from census margins with a tolerance.

CSV columns: ``subpool,category,value,min,max`` (one row per category value; a category
without rows has no quota). Every row is checked (row number, column, reason) and the file is
refused as a whole if any row is wrong.

Census derivation: for each sub-pool and criterion, the Paris population's shares (the margins
documented in services/application/pool/synth.py and the README's "Census margins": INSEE 2020 by
arrondissement, sex, age band 16+, diploma) restricted to the values the sub-pool can hold
(minors are 16-17 with their diplomas; the other sub-pools 18+), target = seats * share, and
the bounds ``floor(target * (1 - tolerance))`` to ``ceil(target * (1 + tolerance))``.

Both read the words of the charter the quotas are for (its vocabulary; the Paris default
without one): a value the charter does not know is refused in a file; a census value it does
not know is counted under the value it folds into (``FOLDED``: PARIS_V1 counted CAP/BEP under
"none"), and a charter's value without a census margin gets no quota.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

from core.sortition.model import Quota
from core.vocabulary import PARIS, Vocabulary
from services.application import spreadsheet
from services.application.pool import synth

COLUMNS = ("subpool", "category", "value", "min", "max")
FOLDED = {("education", "cap-bep"): "none"}


class QuotaFileError(ValueError):
    """A quota file that cannot be used, with every problem found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:30])
        super().__init__(f"{path} has {len(problems)} problem(s); no quotas were read:\n{shown}")
        self.problems = problems


def read(path: Path, vocabulary: Vocabulary = PARIS) -> dict[str, tuple[Quota, ...]]:
    problems: list[str] = []
    found: dict[str, list[Quota]] = {}
    seen: set[tuple[str, str, str]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise QuotaFileError(
                path, [f"header must be {','.join(COLUMNS)}, got {reader.fieldnames}"]
            )
        for row_number, row in enumerate(reader, start=2):
            problem = _problem(row, vocabulary)
            key = (row["subpool"], row["category"], row["value"])
            if problem is None and key in seen:
                problem = f"{'/'.join(key)} appears twice"
            if problem:
                problems.append(f"row {row_number}: {problem}")
                continue
            seen.add(key)
            found.setdefault(row["subpool"], []).append(
                Quota(
                    category=row["category"],
                    value=row["value"],
                    min=int(row["min"]),
                    max=int(row["max"]),
                )
            )
    if problems:
        raise QuotaFileError(path, problems)
    return {s: tuple(qs) for s, qs in found.items()}


def _problem(row: Mapping[str, str | None], vocabulary: Vocabulary) -> str | None:
    if any(row.get(c) in (None, "") for c in COLUMNS):
        return f"column {next(c for c in COLUMNS if row.get(c) in (None, ''))} is empty"
    subpool, category, value = str(row["subpool"]), str(row["category"]), str(row["value"])
    allowed = vocabulary.allowed()
    if subpool not in vocabulary.subpools:
        return f"column subpool: {subpool!r} is not one of {', '.join(vocabulary.subpools)}"
    if category not in allowed:
        return f"column category: {category!r} is not one of {', '.join(allowed)}"
    if value not in allowed[category]:
        return f"column value: {value!r} is not a {category} ({', '.join(allowed[category])})"
    try:
        low, high = int(str(row["min"])), int(str(row["max"]))
    except ValueError:
        return "columns min and max must be whole numbers of seats"
    if not 0 <= low <= high:
        return f"need 0 <= min <= max, got {low}..{high}"
    return None


def margins(subpool: str, vocabulary: Vocabulary = PARIS) -> dict[str, dict[str, float]]:
    """The population's shares for one sub-pool, per criterion of the charter, in its values."""
    minors = subpool == "minors"
    ages = {a: w for a, w in synth.AGE_BANDS.items() if (a == "16-17") == minors}
    if minors:
        education: Mapping[str, int] = synth.EDUCATION_BY_AGE["16-17"]
    else:
        education = {
            e: sum(w * synth.EDUCATION_BY_AGE.get(a, synth.EDUCATION)[e] for a, w in ages.items())
            for e in synth.EDUCATION
        }
    raw: dict[str, Mapping[str, int]] = {
        "gender": synth.GENDERS,
        "age_band": ages,
        "education": education,
        "arrondissement": synth.ARRONDISSEMENTS,
    }
    allowed = vocabulary.allowed()
    out: dict[str, dict[str, float]] = {}
    for criterion, margin in raw.items():
        if criterion not in allowed:
            continue
        kept: dict[str, float] = {}
        for census, weight in margin.items():
            value = census if census in allowed[criterion] else FOLDED.get((criterion, census))
            if weight and value in allowed[criterion]:
                kept[value] = kept.get(value, 0) + weight
        out[criterion] = {v: w / sum(kept.values()) for v, w in kept.items()}
    return out


def from_census(
    seats: Mapping[str, int], tolerance: float, vocabulary: Vocabulary = PARIS
) -> dict[str, tuple[Quota, ...]]:
    if not 0 <= tolerance < 1:
        raise ValueError(f"a tolerance is a share between 0 and 1 (0.2 for ±20 %), not {tolerance}")
    derived: dict[str, tuple[Quota, ...]] = {}
    for subpool, n in sorted(seats.items()):
        quotas = []
        for category, shares in margins(subpool, vocabulary).items():
            for value, share in sorted(shares.items()):
                target = n * share
                quotas.append(
                    Quota(
                        category=category,
                        value=value,
                        min=math.floor(target * (1 - tolerance)),
                        max=min(n, math.ceil(target * (1 + tolerance))),
                    )
                )
        derived[subpool] = tuple(quotas)
    return derived


def write(path: Path, quotas: Mapping[str, tuple[Quota, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = spreadsheet.writer(handle)
        out.writerow(COLUMNS)
        for subpool, qs in sorted(quotas.items()):
            for q in qs:
                out.writerow([subpool, q.category, q.value, q.min, q.max])
