"""Every file or folder a command writes: a path that cannot be written is one sentence
naming the path and why, exit 2, no traceback, nothing appended to the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.entrypoints.cli.main import run
from tests.cli.record import events

FILES = {  # the command line, the written path last
    "draw report --plot": ["draw", "report", "--plot"],
    "draw quotas --out": ["draw", "quotas", "--out"],
    "pool synth --out": ["pool", "synth", "--size", "10", "--seed", "s", "--out"],
    "log export": ["log", "export"],
    "member contacts --csv": ["member", "contacts", "--purpose", "invitation", "--csv"],
    "checkpoint --out": ["checkpoint", "--out"],
}
FOLDERS = {
    "export open-data": ["export", "open-data"],
    "schema export": ["schema", "export"],
    "security config": ["security", "config"],
}


def _refused(argv: list[str], capsys, cli_env) -> str:
    before = events(cli_env)

    code = run(argv)

    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert events(cli_env) == before
    return err


@pytest.mark.parametrize("command", FILES)
@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/out.file", "the folder {tmp}/missing does not exist"),
        ("a-file/out.file", "{tmp}/a-file is a file, not a folder"),
        ("", "it is a folder; give a file name"),
    ],
)
def test_given_an_unwritable_file_when_a_command_writes_it_then_one_sentence_and_exit_2(
    command, where, reason, convened, cli_env, tmp_path, capsys
) -> None:
    (tmp_path / "a-file").write_text("x")
    path = tmp_path / where if where else tmp_path

    err = _refused([*FILES[command], str(path)], capsys, cli_env)

    assert f"cannot write {path}: {reason.format(tmp=tmp_path)}" in err


@pytest.mark.parametrize("command", FOLDERS)
def test_given_a_folder_under_a_file_when_a_command_writes_it_then_one_sentence_and_exit_2(
    command, convened, cli_env, tmp_path, capsys
) -> None:
    (tmp_path / "a-file").write_text("x")
    path = tmp_path / "a-file" / "out"

    err = _refused([*FOLDERS[command], str(path)], capsys, cli_env)

    assert f"cannot write {path}: {tmp_path}/a-file is a file, not a folder" in err


@pytest.mark.parametrize("command", FOLDERS)
def test_given_a_file_for_a_folder_when_a_command_writes_it_then_exit_2(
    command, convened, cli_env, tmp_path, capsys
) -> None:
    path = tmp_path / "a-file"
    path.write_text("x")

    err = _refused([*FOLDERS[command], str(path)], capsys, cli_env)

    assert f"cannot write {path}: it is a file; give a folder" in err


@pytest.mark.skipif(not Path("/proc/version").exists(), reason="a Linux file that refuses writes")
def test_given_a_file_that_fails_while_written_when_synthesising_then_one_sentence_and_exit_2(
    cli_env, capsys
) -> None:
    code = run(["pool", "synth", "--size", "10", "--seed", "s", "--out", "/proc/version"])

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write /proc/version: " in err  # as root: while written; else when parsed
    assert "Traceback" not in err
