"""The read side's settings and database, when wrong: one sentence saying what to fix, exit 2."""

from __future__ import annotations

import re

import pytest

from services.entrypoints.cli.main import run
from tests.cli.conftest import cli_env

__all__ = ["cli_env"]

SOME_ID = "00000000-0000-4000-8000-000000000001"


@pytest.mark.parametrize("url", ["mysql://x@localhost/db", "postgresql+psycopg2://x@h/db"])
def test_given_an_unsupported_database_url_when_shown_then_the_supported_ones_are_named(
    cli_env, monkeypatch, capsys, url
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)

    code = run(["show", "groups", "--assembly", SOME_ID])

    err = capsys.readouterr().err
    assert code == 2
    assert "DATABASE_URL starts with" in err
    assert "only PostgreSQL (postgresql://USER@HOST/DATABASE) or SQLite (sqlite:///PATH)" in err
    assert "Traceback" not in err


def test_given_a_database_url_that_does_not_parse_when_status_then_no_password_shown(
    cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://clerk:s3cret@db:port/assembly")

    code = run(["projections", "status"])

    err = capsys.readouterr().err
    assert code == 2
    assert "DATABASE_URL cannot be read as a database URL" in err
    assert "s3cret" not in err and "Traceback" not in err


def test_given_a_sqlite_file_under_a_file_when_status_then_the_folder_is_named(
    cli_env, monkeypatch, capsys, tmp_path
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'afile' / 'read.sqlite'}")

    code = run(["projections", "status"])

    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot create the folder {tmp_path / 'afile'} for the read models' SQLite file" in err
    assert "point DATABASE_URL at a file in a folder you can write" in err
    assert "Traceback" not in err


def test_given_an_assembly_home_that_cannot_be_made_when_status_then_it_is_named(
    cli_env, monkeypatch, capsys, tmp_path
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "afile" / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    code = run(["projections", "status"])

    err = capsys.readouterr().err
    assert code == 2
    assert "set ASSEMBLY_HOME to a folder you can write" in err
    assert "Traceback" not in err


def test_given_postgresql_refusing_connections_when_status_then_one_line_only(
    cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test")

    code = run(["projections", "status"])

    err = capsys.readouterr().err
    assert code == 2
    assert "the read models' database cannot be used (DATABASE_URL)" in err
    assert "Connection refused" in err
    assert err.count("\n") == 1 and "Is the server running" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["show", "roster"],
        ["show", "ballot"],
        ["projections", "run"],
        ["projections", "rebuild"],
        ["projections", "status"],
        ["export", "open-data"],
    ],
)
def test_given_a_read_command_when_asked_for_help_then_json_is_offered_after_it(
    command, capsys
) -> None:
    code = run([*command, "--help"])

    assert code == 0
    assert re.search(r"^\s+--json\b", capsys.readouterr().out, re.MULTILINE)
