"""A worker killed in the middle of a batch, again and again, loses nothing and counts nothing
twice: each restart resumes after the last committed batch; the end equals a clean build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from services.adapters.readstore.database import dump
from tests.projections.support import projector

BATCH = 97


def _worker(
    year_env, url: str, options: dict, kill_at: int, far: bool
) -> subprocess.CompletedProcess:
    schema = options.get("execution_options", {}).get("schema_translate_map", {}).get(None, "")
    args = [
        sys.executable,
        "-m",
        "tests.projections.killed_worker",
        url,
        schema,
        str(BATCH),
        str(kill_at),
        *(["far"] if far else []),
    ]
    return subprocess.run(
        args,
        env={**os.environ, **year_env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("far", [False, True], ids=["reading-here", "reader-process"])
def test_given_a_worker_killed_mid_batch_repeatedly_when_restarted_then_equal_to_a_clean_build(
    app, year_env, dbs, far
) -> None:
    url, options = dbs.url_and_options()
    resumed_from: list[int] = []

    for kill_at in (1, 3, 2, 5, 1):
        died = _worker(year_env, url, options, kill_at, far)
        assert died.returncode == -signal.SIGKILL, died.stderr
        resumed_from.append(int(died.stdout.split()[0]))
    finished = _worker(year_env, url, options, 0, far)

    assert finished.returncode == 0, finished.stderr
    assert resumed_from == [0, 0, 2 * BATCH, 3 * BATCH, 7 * BATCH]
    killed_engine = dbs.engine_on(url, options)
    clean = dbs.engine()
    projector(clean, app).catch_up()
    assert dump(killed_engine) == dump(clean)
