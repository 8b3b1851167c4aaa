"""``assembly projections run|rebuild|status``: a long-lived worker, rebuilds, positions and lag."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from services.cli.main import run
from services.config import Settings
from services.projections.database import dump
from services.projections.readside import engine_for


@pytest.fixture
def year_cli(year_env, monkeypatch, tmp_path) -> dict[str, str]:
    env = {**year_env, "ASSEMBLY_HOME": str(tmp_path / "home")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return env


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_a_year_when_status_before_and_after_rebuild_then_lag_goes_to_zero(
    year_cli, capsys
) -> None:
    assert run(["--json", "projections", "status"]) == 0
    before = _json(capsys)

    code = run(["--json", "projections", "rebuild"])

    assert code == 0
    head = before["head"]
    assert _json(capsys)["position"] == head
    assert run(["--json", "projections", "status"]) == 0
    after = _json(capsys)
    assert {p["name"]: p["lag"] for p in before["projections"]} == {
        p["name"]: head for p in after["projections"]
    }
    assert all(p["lag"] == 0 and p["position"] == head for p in after["projections"])


def test_given_incremental_tables_when_rebuilt_then_identical(year_cli, capsys) -> None:
    assert run(["projections", "rebuild", "--batch", "10000"]) == 0
    engine = engine_for(Settings.from_env())
    whole = dump(engine)
    assert run(["projections", "rebuild", "--batch", "3"]) == 0  # drops, then tiny batches

    assert dump(engine) == whole
    engine.dispose()


def test_given_the_worker_when_sigterm_then_it_stops_cleanly_where_it_got(year_cli) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "services.cli.main", "projections", "run", "--batch", "500"],
        env={**os.environ, **year_cli},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stderr is not None
        lines = []
        while not lines or "read models at log position" not in lines[-1]:
            lines.append(worker.stderr.readline())
            assert lines[-1], f"worker ended: {lines}"
        worker.send_signal(signal.SIGTERM)
        out, _ = worker.communicate(timeout=60)
    finally:
        worker.kill()

    assert worker.returncode == 0
    position = int(lines[-1].split()[-1])
    assert out.strip() == f"stopped at position {position}"
