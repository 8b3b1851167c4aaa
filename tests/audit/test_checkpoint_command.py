"""`assembly checkpoint`: once, and as the long-lived service compose runs (SIGTERM stops it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from services.application.audit.checkpoints import read_outside
from services.application.audit.keys import create_key
from services.entrypoints.cli.main import run
from tests.audit.conftest import write_year
from tests.cli.record import last_json
from tests.support.natsd import unique_stream
from tests.support.store import factory

ROOT = Path(__file__).resolve().parents[2]


def events(env: dict[str, str]) -> int:
    """The stream's last sequence, checkpoints included."""
    with factory(env) as f:
        recorder = f.application_recorder()
        last = recorder.js.direct_last(f"{recorder.js.spec.prefix}.>")
        return 0 if last is None else last.seq


def test_given_a_log_when_checkpoint_once_then_recorded_and_appended(
    tmp_path, monkeypatch, capsys
) -> None:
    env = unique_stream()
    write_year(env)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))
    key = create_key(tmp_path / "log.key")
    out = tmp_path / "checkpoints.jsonl"

    assert run(["--json", "checkpoint", "--out", str(out)]) == 0

    done = last_json(capsys)
    assert done["recorded"] is True and done["key_id"] == key.verifier(done["origin"]).key_id.hex()
    assert [c.root for c in read_outside(out)] == [done["root"]]
    assert run(["--json", "checkpoint", "--out", str(out)]) == 0
    assert last_json(capsys)["recorded"] is False
    assert len(read_outside(out)) == 1


def test_given_the_checkpointer_running_as_compose_runs_it_when_sigterm_then_it_stops_cleanly(
    tmp_path,
) -> None:
    env = unique_stream()
    write_year(env)
    create_key(tmp_path / "log.key")
    out = tmp_path / "checkpoints.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "services.entrypoints.cli.main",
            "--json",
            "checkpoint",
            "--every",
            "60",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, **env, "ASSEMBLY_HOME": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()  # the first checkpoint, recorded at start

        proc.send_signal(signal.SIGTERM)

        out_rest, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert json.loads(first)["recorded"] is True, first + err
    assert "stopped" in err and "Traceback" not in err
    assert out_rest == ""
    assert len(read_outside(out)) == 1


def test_given_an_out_file_that_cannot_be_written_when_checkpointing_then_bad_input_and_nothing_recorded(  # noqa: E501
    tmp_path, monkeypatch, capsys
) -> None:
    env = unique_stream()
    write_year(env)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))
    create_key(tmp_path / "log.key")
    (tmp_path / "a-file").write_text("not a folder")
    before = events(env)

    code = run(["checkpoint", "--out", str(tmp_path / "a-file" / "checkpoints.jsonl")])

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write" in err and "is a file, not a folder" in err and "Traceback" not in err
    assert events(env) == before


def test_given_an_export_path_that_cannot_be_written_when_exporting_then_bad_input(
    tmp_path, monkeypatch, capsys
) -> None:
    env = unique_stream()
    write_year(env)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    (tmp_path / "a-file").write_text("not a folder")

    code = run(["log", "export", str(tmp_path / "a-file" / "log.jsonl")])

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write" in err and "is a file, not a folder" in err and "Traceback" not in err
