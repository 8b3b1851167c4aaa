"""The same pool and quotas give the same committed lottery, bit for bit, as the code that
recorded data/lotteries-golden.json (written by `main` before the speed-ups of issue 15): the
panels and weights of the LEXIMIN, every type's probability, the proven bound and the ticket
list. A faster solver path that changed any of them would change the lotteries new draws
commit; such a change needs a new algorithm or rounding name, not a silent edit.

Rewrite the file (only for a deliberate, versioned change):
``python -m tests.core.sortition.test_golden_lotteries --write``"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.sortition import lottery
from core.sortition.leximin import leximin
from core.sortition.model import Pool, Quota, pool_of
from tests.core.sortition import synthetic

GOLDEN = Path(__file__).parent / "data" / "lotteries-golden.json"
CASES = [
    (150, 1, 20, "tight"),
    (400, 2, 30, "census"),
    (400, 2, 30, "tight"),
    (1200, 4, 50, "census"),
]


def _tight(seats: int) -> list[Quota]:
    return [
        Quota(
            category=c,
            value=v,
            min=max(0, math.floor(seats * share) - 1),
            max=math.ceil(seats * share) + 1,
        )
        for c in synthetic.MARGINS
        for v, share in synthetic.shares(c).items()
    ]


def _case(size: int, seed: int, seats: int, kind: str) -> tuple[Pool, list[Quota], int]:
    pool = pool_of(synthetic.respondents(size, seed=seed))
    return pool, synthetic.quotas(seats) if kind == "census" else _tight(seats), seats


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def computed(size: int, seed: int, seats: int, kind: str) -> dict[str, str]:
    pool, quotas, seats = _case(size, seed, seats, kind)
    solved = leximin(pool, quotas, seats)
    found = lottery.lottery_of(pool, solved, 1000)
    assert found.bound is not None
    return {
        "panels": _digest([list(p) for p in solved.panels]),
        "weights": _digest([w.hex() for w in solved.weights]),
        "probabilities": _digest([p.hex() for p in solved.probabilities]),
        "bound": solved.bound.hex(),
        "tickets": _digest([list(p) for p in found.tickets]),
        "rounding bound": found.bound.hex(),
        "deviation": found.deviation.hex(),
    }


def _all() -> Iterator[tuple[str, dict[str, str]]]:
    for size, seed, seats, kind in CASES:
        yield f"{size}-{seed}-{seats}-{kind}", computed(size, seed, seats, kind)


@pytest.mark.parametrize(("size", "seed", "seats", "kind"), CASES)
def test_given_a_pool_when_its_lottery_is_computed_then_bit_for_bit_the_recorded_one(
    size: int, seed: int, seats: int, kind: str
) -> None:
    recorded = json.loads(GOLDEN.read_text())[f"{size}-{seed}-{seats}-{kind}"]

    found = computed(size, seed, seats, kind)

    assert found == recorded


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    GOLDEN.write_text(json.dumps(dict(_all()), indent=1, sort_keys=True) + "\n")
