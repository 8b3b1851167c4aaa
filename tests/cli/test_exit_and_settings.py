"""The CLI exits promptly with the right code on a weak stream and on unusable settings."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from services.entrypoints.cli.main import run
from tests.support.store import create_weak_stream

CONVENE = [
    "convene",
    "--name",
    "Assemblée",
    "--cohort",
    "2026",
    "--term-start",
    "2026-01-15",
    "--term-end",
    "2027-01-14",
    "--as",
    "clerk:greffe",
]


def test_given_a_weakened_stream_when_status_is_asked_then_exit_2(cli_env, capsys) -> None:
    asyncio.run(create_weak_stream(cli_env))

    assert run(["--json", "server", "status"]) == 2


def test_given_a_weakened_stream_when_a_process_runs_a_command_then_it_exits_2_promptly(
    stream_env, tmp_path
) -> None:
    asyncio.run(create_weak_stream(stream_env))
    env = {**os.environ, **stream_env, "ASSEMBLY_HOME": str(tmp_path)}

    done = subprocess.run(
        [sys.executable, "-m", "services.entrypoints.cli.main", *CONVENE],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "not configured as an append-only event log" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("ASSEMBLY_STREAM", "bad.name", "ASSEMBLY_STREAM='bad.name'"),
        ("ASSEMBLY_SUBJECT_PREFIX", "a b", "ASSEMBLY_SUBJECT_PREFIX='a b'"),
        ("ASSEMBLY_STREAM_REPLICAS", "abc", "not a whole number"),
    ],
)
def test_given_an_unusable_setting_when_a_command_runs_then_exit_2_naming_it(
    cli_env, monkeypatch, capsys, name, value, says
) -> None:
    monkeypatch.setenv(name, value)

    code = run(CONVENE)

    assert code == 2
    assert says in capsys.readouterr().err


def test_given_a_data_folder_that_cannot_be_made_when_run_then_exit_2(
    monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.delenv("NATS_URL", raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ASSEMBLY_HOME", str(blocker / "home"))

    code = run(["server", "start"])

    assert code == 2
    assert "set ASSEMBLY_HOME" in capsys.readouterr().err
