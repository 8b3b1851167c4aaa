"""``assembly --help`` lists every command from services/entrypoints/cli/index.py, importing none
of them: the index must say what the commands say."""

from __future__ import annotations

import subprocess
import sys

import click

from services.entrypoints.cli import index, write_index
from services.entrypoints.cli.main import cli

LIST_LOADED = (
    "import sys\n"
    "from services.entrypoints.cli.main import run\n"
    "code = run(['--help'])\n"
    "print(sorted(m for m in sys.modules if m.startswith('services.entrypoints.cli.')))\n"
)


def test_given_the_commands_when_their_help_is_read_then_the_index_says_the_same() -> None:
    # python -m services.entrypoints.cli.write_index writes it again
    assert write_index.current() == index.HELP


def test_given_a_cold_process_when_help_is_asked_then_no_command_is_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LIST_LOADED], capture_output=True, text=True, check=True
    )

    loaded = done.stdout.splitlines()[-1]
    assert loaded == str(
        [
            "services.entrypoints.cli.context",
            "services.entrypoints.cli.i18n",  # the language, chosen before any command
            "services.entrypoints.cli.index",
            "services.entrypoints.cli.main",
        ]
    )
    assert "Commands:" in done.stdout
    assert "status " in done.stdout


def test_given_every_command_imported_when_help_is_asked_then_the_list_is_click_s_own() -> None:
    cold = subprocess.run(
        [sys.executable, "-m", "services.entrypoints.cli.main", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
    ).stdout
    cli.commands  # every command imported  # noqa: B018
    ctx = click.Context(cli, info_name="assembly", terminal_width=78)  # click: COLUMNS less 2
    formatter = ctx.make_formatter()

    click.Group.format_commands(cli, ctx, formatter)

    assert formatter.getvalue() in cold
