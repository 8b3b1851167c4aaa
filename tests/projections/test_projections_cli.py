"""``assembly projections run|rebuild|status``: a long-lived worker, rebuilds, positions and lag."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from services.adapters.readstore.database import dump, read_positions, reading
from services.adapters.readstore.readside import engine_for
from services.config import Settings
from services.entrypoints.cli.main import run
from tests.support.natsd import unique_stream


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
        [
            sys.executable,
            "-m",
            "services.entrypoints.cli.main",
            "projections",
            "run",
            "--batch",
            "500",
        ],
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


def test_given_built_read_models_when_rebuilt_against_an_unreachable_server_then_unchanged(
    year_cli, monkeypatch, capsys
) -> None:
    assert run(["projections", "rebuild"]) == 0
    engine = engine_for(Settings.from_env())
    built = dump(engine)
    with reading(engine) as conn:
        at = read_positions(conn)
    capsys.readouterr()
    monkeypatch.setenv("NATS_URL", "nats://127.0.0.1:1")
    monkeypatch.setenv("NATS_RETRY_SECONDS", "0.5")  # tried again that long, then said

    code = run(["projections", "rebuild"])

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach NATS at nats://127.0.0.1:1" in err and "Traceback" not in err
    assert dump(engine) == built
    with reading(engine) as conn:
        assert read_positions(conn) == at
    engine.dispose()


def test_given_built_read_models_when_rebuilt_from_another_shorter_log_then_unchanged(
    year_cli, monkeypatch, capsys
) -> None:
    assert run(["projections", "rebuild"]) == 0
    engine = engine_for(Settings.from_env())
    built = dump(engine)
    capsys.readouterr()
    for key, value in unique_stream().items():  # another deployment's stream, empty
        if key.startswith("ASSEMBLY_"):
            monkeypatch.setenv(key, value)

    code = run(["projections", "rebuild"])

    err = capsys.readouterr().err
    assert code == 2
    assert "is ASSEMBLY_STREAM (or NATS_URL) the right one? Nothing was dropped" in err
    assert dump(engine) == built
    engine.dispose()


def test_given_json_after_the_subcommand_when_status_then_the_same_json_as_before_it(
    year_cli, capsys
) -> None:
    assert run(["--json", "projections", "status"]) == 0
    before = _json(capsys)

    code = run(["projections", "status", "--json"])

    assert code == 0
    assert _json(capsys) == before


def test_given_json_after_the_subcommand_when_rebuilt_then_the_same_json_as_before_it(
    year_cli, capsys
) -> None:
    assert run(["--json", "projections", "rebuild"]) == 0
    before = _json(capsys)

    code = run(["projections", "rebuild", "--json"])

    assert code == 0
    assert _json(capsys) == before


def test_given_the_read_models_when_status_then_listed_by_name(year_cli, capsys) -> None:
    code = run(["--json", "projections", "status"])

    names = [p["name"] for p in _json(capsys)["projections"]]
    assert code == 0
    assert names == sorted(names) and len(names) > 1
