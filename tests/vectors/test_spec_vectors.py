"""The spec's test vectors (docs/spec/vectors/) are what the project's Python computes, byte for
byte: a definition changed in the code without its spec and vectors fails here."""

from __future__ import annotations

import json

import pytest

from tests.vectors.make_vectors import FOLDER
from tests.vectors.spec_vectors import all_vectors, dumps


@pytest.mark.parametrize("name", sorted(all_vectors()))
def test_given_the_committed_vectors_when_recomputed_then_identical(name: str) -> None:
    committed = (FOLDER / name).read_text("utf-8")

    recomputed = dumps(all_vectors()[name])

    assert json.loads(committed) == json.loads(recomputed)
    assert committed == recomputed


def test_given_the_drawn_log_when_derived_from_the_spec_alone_then_every_recorded_value() -> None:
    from tests.vectors.draw_reference import derive  # noqa: PLC0415
    from tests.vectors.spec_vectors import DRAWN_LOG  # noqa: PLC0415

    derived = derive(DRAWN_LOG)

    recorded = derived.pop("recorded")
    assert derived["drawn"] == recorded["drawn"]
    assert derived["digests"] == recorded["digests"]
    assert derived == recorded
