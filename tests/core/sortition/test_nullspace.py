"""The rounding's directions, kept as a tableau: after any sequence of panels leaving and types
let go, the direction is a nonzero null vector of [a[held, floating]; 1 ... 1], as a fresh
elimination would give (also when the rows are dependent: repeated or proportional types); and
the improvement step's scores of single-ticket moves, computed from each panel's seated types,
are those of the whole matrix."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sortition.nullspace import Directions
from core.sortition.rounding import _near


def _check(a: np.ndarray, held: list[int], floating: list[int], found: Directions) -> None:
    x = found.direction()
    assert found.columns == floating
    assert np.abs(x).max() == 1.0
    rows = np.vstack([a[np.ix_(held, floating)], np.ones((1, len(floating)))])
    assert np.abs(rows @ x).max() < 1e-9


@settings(max_examples=150, deadline=None)
@given(
    types=st.integers(1, 25),
    panels=st.integers(3, 30),
    seed=st.integers(0, 10_000),
    repeats=st.booleans(),
)
def test_given_any_changes_when_a_direction_is_asked_then_it_keeps_every_held_row(
    types: int, panels: int, seed: int, repeats: bool
) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 3, size=(types, panels)) / 4.0
    if repeats and types > 1:
        a[-1] = a[0]  # a dependent row
    floating = list(range(panels))
    held = [t for t in range(types) if rng.random() < 0.8][: panels - 2]
    found = Directions(a, held, floating)
    _check(a, held, floating, found)
    while len(floating) > 2:
        gone = sorted(rng.choice(floating, size=1 + int(rng.integers(0, 2)), replace=False))
        gone = [int(j) for j in gone][: len(floating) - 2]
        found.leave(gone)
        floating = [j for j in floating if j not in gone]
        extra = max(0, len(held) - (len(floating) - 2))
        let_go = sorted(held, key=lambda _: rng.random())[:extra]
        found.release(let_go)
        held = [t for t in held if t not in let_go]
        _check(a, held, floating, found)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_given_sparse_panels_when_moves_are_scored_then_the_keys_are_the_dense_ones(
    seed: int,
) -> None:
    """The improvement step scores every single-ticket move from the types each panel seats
    (rounding._near); the keys are those of the whole matrix, type by type, and those of a
    few target panels are the same numbers as among all of them."""
    rng = np.random.default_rng(seed)
    types, panels = int(rng.integers(1, 30)), int(rng.integers(1, 25))
    sub = rng.integers(0, 4, size=(types, panels)) * (rng.random((types, panels)) < 0.4) / 4.0
    gap, above = rng.normal(0, 1, types), rng.normal(0.5, 1, types)
    sources = np.sort(rng.choice(panels, size=int(rng.integers(1, panels + 1)), replace=False))
    after = gap[:, None, None] - sub[:, sources][:, :, None] + sub[:, None, :]
    short = np.maximum(0.0, -(above[:, None, None] + after))
    dense = [short.max(axis=0), short.sum(axis=0), np.abs(after).max(axis=0)]
    everywhere = np.arange(panels)
    targets = np.sort(rng.choice(panels, size=int(rng.integers(1, panels + 1)), replace=False))
    full = _near(sub, gap, above, sources, everywhere)
    for found, expected in zip(full, dense, strict=True):
        assert found.shape == expected.shape
        assert np.abs(found - expected).max() < 1e-12
    for some, found in zip(_near(sub, gap, above, sources, targets), full, strict=True):
        assert np.array_equal(some, found[:, targets])
