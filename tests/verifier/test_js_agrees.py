"""The second verifier (``verifier/cli.mjs``, JavaScript, written from ``docs/spec/``) agrees
with the Python auditor on every vector of ``tests/vectors``: for each scope it checks
(structural, draw, ballot) the same (rule, sequence) pairs, the same verdict and exit code.

The Python side is the vector's verdict file, the Python auditor's own verdict on it, which
``tests/vectors/test_export_vectors.py`` recomputes on every run. Skipped only where node is
not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
CLI = ROOT / "verifier" / "cli.mjs"
CHECKED = {"structural", "draw", "ballot"}  # the domain's re-decision stays Python's
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def vectors() -> list[Path]:
    return sorted([*VECTORS.glob("*.verdict.json"), *VECTORS.glob("cases/*.verdict.json")])


def remembered(verdict: dict[str, Any], state: Path) -> Path:
    """The auditor's folder as ``assembly audit verify`` keeps it, holding what it remembered."""
    memory = verdict["remembered"] or {}
    stream = json.loads(_first_line(VECTORS / verdict["log"]))["stream"]
    folder = state / f"assembly-record_{stream}"
    folder.mkdir(parents=True)
    if memory.get("checkpoint"):
        (folder / "checkpoint").write_text(memory["checkpoint"])
    if memory.get("seen"):
        (folder / "seen.json").write_text(json.dumps(memory["seen"]))
    return state


def _first_line(path: Path) -> str:
    import gzip  # noqa: PLC0415 - only here

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.readline()


def node_verdict(verdict: dict[str, Any], state: Path) -> tuple[int, dict[str, Any]]:
    command = [str(NODE), str(CLI), verdict["log"], "--json", "--lang", "en"]
    for outside in verdict["outside"]:
        command += ["--checkpoint", outside]
    for vkey in verdict["trust"]:
        command += ["--trust", vkey]
    for vkey in verdict["witnesses"]:
        command += ["--witness", vkey]
    if verdict["witnesses"]:
        command += ["--quorum", str(verdict["quorum"])]
    command += ["--auditor-state", str(remembered(verdict, state))]
    done = subprocess.run(command, cwd=VECTORS, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def pairs(violations: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(v["rule"], v["seq"]) for v in violations}


@pytest.mark.parametrize("path", vectors(), ids=lambda p: p.name.removesuffix(".verdict.json"))
def test_given_a_vector_when_node_verifies_then_it_says_what_python_says(path, tmp_path):
    verdict = json.loads(path.read_text())
    python = [v for v in verdict["violations"] if v["scope"] in CHECKED]

    code, ours = node_verdict(verdict, tmp_path)

    assert pairs(ours["violations"]) == pairs(python)
    assert code == (1 if python else 0)
    assert (ours["records"], ours["root"]) == (verdict["records"], verdict["root"])


def test_the_vectors_are_there():
    assert len(vectors()) > 10, f"no vectors in {VECTORS}"


def test_given_a_file_that_is_not_an_export_when_node_verifies_then_one_sentence_and_exit_2():
    if not (VECTORS / "year.checkpoints").exists():
        pytest.skip("no vectors")
    vkey = json.loads((VECTORS / "year.verdict.json").read_text())["trust"][0]

    done = subprocess.run(
        [str(NODE), str(CLI), "year.checkpoints", "--trust", vkey],
        cwd=VECTORS,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not an export" in done.stderr
    assert "Error" not in done.stderr and "at " not in done.stderr.split(":")[0]
