"""The second verifier reads the log as published tiles (docs/spec/10) and says what the Python
auditor's ``audit verify --tiles`` says: on the honest vectors published by the Python CLI,
over a directory and over HTTP, and on tampered trees (an entry changed, a hash tile changed,
a bundle missing). Compared: every (rule, sequence) the JavaScript tells is one Python tells,
and every one Python tells outside the domain's re-decision is told by the JavaScript (the
year's ``provenance``, a panel drawn elsewhere, is Python's alone, as for its export)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.vectors.exports import STRUCTURAL
from tests.verifier.conftest import ASSEMBLY, VECTORS

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "verifier" / "cli.mjs"
NODE = shutil.which("node")
TILES_RULES = {"tile", "tiles-root"}

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def pins(name: str) -> list[str]:
    v = json.loads((VECTORS / f"{name}.verdict.json").read_text())
    out = [a for k in v["trust"] for a in ("--trust", k)]
    out += [a for k in v["witnesses"] for a in ("--witness", k)]
    return out + (["--quorum", str(v["quorum"])] if v["witnesses"] else [])


def run(command: list[str]) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(command, cwd=VECTORS, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def node(where: str, name: str) -> tuple[int, dict[str, Any]]:
    return run([str(NODE), str(CLI), "--tiles", where, *pins(name), "--json", "--lang", "en"])


def python(where: str, name: str, state: Path) -> tuple[int, dict[str, Any]]:
    command = [str(ASSEMBLY), "--json", "audit", "verify", "--tiles", where, *pins(name)]
    return run([*command, "--auditor-state", str(state)])


def told(report: dict[str, Any]) -> set[tuple[str, int]]:
    return {(v["rule"], v["seq"]) for v in report["violations"]}


def checked(pairs: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """What every verifier must tell: not the domain's re-decision, which stays Python's."""
    return {(r, s) for r, s in pairs if r in STRUCTURAL | TILES_RULES or r.startswith("draw:")}


def agree(where: str, name: str, state: Path) -> tuple[int, set[tuple[str, int]]]:
    code, ours = node(where, name)
    py_code, theirs = python(where, name, state)
    assert told(ours) <= told(theirs), told(ours) - told(theirs)
    assert checked(told(theirs)) <= told(ours), checked(told(theirs)) - told(ours)
    assert code == (1 if checked(told(theirs)) else 0)
    assert py_code == (1 if told(theirs) else 0)
    assert (ours["records"], ours["root"]) == (theirs["records"], theirs["root"])
    return code, told(ours)


@pytest.mark.parametrize("name", ["drawn", "year"])
def test_given_honest_published_tiles_when_node_verifies_then_it_holds_as_python_says(
    published, name, tmp_path
):
    code, pairs = agree(str(published[name]), name, tmp_path)

    assert (code, pairs) == (0, set())


def test_given_tiles_over_http_when_node_verifies_then_the_same_verdict(tiles_url, tmp_path):
    code, pairs = agree(f"{tiles_url}/drawn/", "drawn", tmp_path)

    assert (code, pairs) == (0, set())


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


TAMPERS: dict[str, tuple[Callable[[Path], None], set[tuple[str, int]]]] = {
    # a byte of the last payload of bundle 3: its record and the chain after it, the tree
    "entry-changed": (
        lambda d: _flip(d / "tile/entries/003", -3),
        {("tile", 0), ("tiles-root", 0), ("record-digest", 1024), ("hash-chain", 1025)},
    ),
    # one leaf hash of a full tile: the entries are intact, the tile a proof is built from not
    "hash-tile-changed": (lambda d: _flip(d / "tile/0/005", 100), {("tile", 0)}),
    # the bundle that holds the pool (over 65,535 bytes): nothing after it can be read
    "bundle-missing": (
        lambda d: (d / "tile/entries-u32/000").unlink(),
        {("tile", 0), ("sequence-gap", 2122)},
    ),
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_given_tampered_tiles_when_node_verifies_then_it_names_what_python_names(
    published, tamper, tmp_path
):
    tree = tmp_path / "tiles"
    shutil.copytree(published["drawn"], tree)
    change, expected = TAMPERS[tamper]
    change(tree)

    code, pairs = agree(str(tree), "drawn", tmp_path / "state")

    assert code == 1
    assert expected <= pairs


def test_given_a_folder_with_no_published_log_when_node_verifies_then_one_sentence_exit_2(
    tmp_path,
):
    done = subprocess.run(
        [str(NODE), str(CLI), "--tiles", str(tmp_path), *pins("drawn"), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no readable published log" in done.stderr
