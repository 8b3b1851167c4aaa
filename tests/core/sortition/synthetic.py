"""A synthetic Paris-like pool: 4 criteria (gender, age band, education, 20 arrondissements),
a self-selection skew (the older and more educated answer more), and quotas from the
population margins with a tolerance. numpy's seeded generator, for test data only."""

from __future__ import annotations

import math

import numpy as np

from core.sortition.model import Quota, Respondent

MARGINS: dict[str, dict[str, float]] = {
    "gender": {"female": 0.53, "male": 0.47},
    "age": {"16-24": 0.14, "25-34": 0.20, "35-49": 0.25, "50-64": 0.21, "65+": 0.20},
    "education": {"none": 0.15, "secondary": 0.30, "bachelor": 0.25, "master+": 0.30},
    "arrondissement": {
        f"{i:02d}": w
        for i, w in enumerate(
            [1, 1, 2, 2, 3, 2, 3, 2, 3, 4, 7, 7, 9, 7, 12, 8, 8, 9, 9, 10], start=1
        )
    },
}
SKEW: dict[str, dict[str, float]] = {
    "age": {"16-24": 0.5, "25-34": 0.8, "35-49": 1.0, "50-64": 1.4, "65+": 1.6},
    "education": {"none": 0.4, "secondary": 0.8, "bachelor": 1.3, "master+": 1.8},
}


def shares(category: str) -> dict[str, float]:
    total = sum(MARGINS[category].values())
    return {v: w / total for v, w in MARGINS[category].items()}


def respondents(count: int, *, seed: int = 7, subpool: str = "rolls") -> list[Respondent]:
    rng = np.random.default_rng(seed)
    drawn: dict[str, list[str]] = {}
    for category, margin in MARGINS.items():
        values = list(margin)
        weights = np.array([shares(category)[v] for v in values])
        weights = weights * np.array([SKEW.get(category, {}).get(v, 1.0) for v in values])
        drawn[category] = [
            values[i] for i in rng.choice(len(values), count, p=weights / weights.sum())
        ]
    return [
        Respondent(
            pseudonym=f"p{i:06d}",
            subpool=subpool,
            criteria={c: drawn[c][i] for c in MARGINS},
        )
        for i in range(count)
    ]


def quotas(seats: int, *, tolerance: float = 0.2) -> list[Quota]:
    """Each value gets its population share of the seats, give or take the tolerance."""
    return [
        Quota(
            category=c,
            value=v,
            min=math.floor(seats * share * (1 - tolerance)),
            max=math.ceil(seats * share * (1 + tolerance)),
        )
        for c in MARGINS
        for v, share in shares(c).items()
    ]
