"""The Go checker of tests/interop, built once per session (GOPATH mode, Debian's packages)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
GOPATH = Path("/usr/share/gocode")  # Debian's golang-golang-x-mod-dev
NEEDED = GOPATH / "src/golang.org/x/mod/sumdb/note"


@pytest.fixture(scope="session")
def go_check(tmp_path_factory) -> Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]:
    """Run Go's note and tlog checks on one input; (exit code, its JSON answer)."""
    go = shutil.which("go")
    if go is None or not NEEDED.is_dir():
        pytest.fail(
            "the interop test needs Go and golang.org/x/mod: apt-get install golang-go "
            "golang-golang-x-mod-dev (.ci/run installs them)"
        )
    folder = tmp_path_factory.mktemp("go")
    binary = folder / "checkpoint_check"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(folder / "cache"),
    }
    built = subprocess.run(
        [go, "build", "-o", str(binary), "checkpoint_check.go"],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    counter = iter(range(1_000_000))

    def check(given: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        path = folder / f"input-{next(counter)}.json"
        path.write_text(json.dumps(given))
        done = subprocess.run(
            [str(binary), str(path)], capture_output=True, text=True, check=False, timeout=60
        )
        assert done.returncode in (0, 1), done.stderr
        answer: dict[str, Any] = json.loads(done.stdout)
        return done.returncode, answer

    return check
