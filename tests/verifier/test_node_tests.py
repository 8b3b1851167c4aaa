"""The second verifier's own tests, node's test runner (``node --test verifier/test/``): the
spec's byte vectors, every exported vector, the threads, the page's offline pieces. Run here
so that ``make test`` and CI run them; skipped only where node is not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_given_the_verifier_when_node_runs_its_tests_then_all_pass():
    done = subprocess.run(
        [str(NODE), "--test", "verifier/test/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
