"""The logs of tests/vectors/ and their verdicts are what the project's Python gives: each
verdict recomputed by the auditor from the committed files, each tampered log made again from
the committed honest ones, and the honest ones written again by the application to a
nats-server of their own; any difference fails (README.md says the layout)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.vectors import exports
from tests.vectors.attacks import Workshop, drawn_cases, year_cases
from tests.vectors.make_vectors import HONEST, differences, resolved

FOLDER = exports.FOLDER
VERDICTS = sorted([*FOLDER.glob("*.verdict.json"), *FOLDER.glob("cases/*.verdict.json")])


def vector_of(committed: dict) -> exports.Vector:
    fields = ("outside", "trust", "witnesses", "quorum", "remembered", "expect")
    return exports.Vector(
        committed["vector"],
        committed["base"],
        committed["attack"],
        committed["log"],
        **{k: committed[k] for k in fields},
    )


def test_given_the_vectors_then_every_attack_and_both_honest_logs_are_there() -> None:
    names = {p.name.removesuffix(".verdict.json") for p in VERDICTS}

    assert {"year", "drawn"} <= names
    assert len(names) >= 50


@pytest.mark.parametrize("path", VERDICTS, ids=lambda p: p.name.removesuffix(".verdict.json"))
def test_given_a_vector_when_audited_again_then_the_committed_verdict(path: Path) -> None:
    committed = json.loads(path.read_text("utf-8"))

    again = resolved(exports.verdict(vector_of(committed), FOLDER))

    assert again == committed


def test_given_the_honest_logs_when_the_attacks_are_played_again_then_the_same_files(
    tmp_path: Path,
) -> None:
    for name in HONEST:
        shutil.copy(FOLDER / name, tmp_path / name)
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    w = Workshop(tmp_path, scratch)
    made = year_cases(w) + drawn_cases(w)

    assert {v.name for v in made} == {p.name.removesuffix(".verdict.json") for p in VERDICTS}
    assert differences(tmp_path / "cases", FOLDER / "cases") == []


def test_given_the_application_when_the_honest_logs_are_written_again_then_the_same_bytes(
    tmp_path: Path,
) -> None:
    exports.write_honest(tmp_path)

    assert differences(tmp_path, FOLDER) == []
