"""The CLI: one clear sentence per failure, the right exit code, nothing appended."""

from __future__ import annotations

import asyncio

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE
from tests.cli.record import events, last_json
from tests.support.store import create_weak_stream


def test_given_a_valid_command_when_run_then_exit_0_and_one_event(cli_env, capsys) -> None:
    code = run(["--json", *CONVENE])

    assert code == 0
    assert last_json(capsys)["position"] == 1
    assert events(cli_env) == 1


def test_given_a_rule_refusal_when_run_then_exit_1_and_nothing_appended(cli_env, capsys) -> None:
    run(["--json", *CONVENE])
    assembly_id = last_json(capsys)["assembly_id"]

    code = run(["open-phase", "recommendations", "--assembly", assembly_id, "--at", AT])

    err = capsys.readouterr().err
    assert code == 1
    assert "refused by the phase order rule" in err
    assert "next must be discovery" in err
    assert events(cli_env) == 1


def test_given_bad_input_when_run_then_exit_2_naming_the_option(cli_env, capsys) -> None:
    code = run([*CONVENE, "--term-end", "2027-02-30"])

    assert code == 2
    assert "--term-end" in capsys.readouterr().err
    assert events(cli_env) == 0


def test_given_an_unreachable_server_when_run_then_exit_2_without_traceback(
    cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("NATS_URL", "nats://127.0.0.1:1")
    monkeypatch.setenv("NATS_RETRY_SECONDS", "0.5")  # tried again that long, then said

    code = run(CONVENE)

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach NATS at nats://127.0.0.1:1" in err
    assert "tried for 0.5 s" in err
    assert "Traceback" not in err


def test_given_debug_when_the_server_is_unreachable_then_the_traceback_is_shown(
    cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("NATS_URL", "nats://127.0.0.1:1")
    monkeypatch.setenv("NATS_RETRY_SECONDS", "0.5")  # tried again that long, then said

    code = run(["--debug", *CONVENE])

    assert code == 2
    assert "Traceback" in capsys.readouterr().err


def test_given_an_unknown_assembly_when_a_phase_is_opened_then_exit_2(cli_env, capsys) -> None:
    code = run(
        [
            "--json",
            "open-phase",
            "discovery",
            "--assembly",
            "00000000-0000-4000-8000-000000000000",
        ]
    )

    assert code == 2
    assert last_json(capsys)["error"]["kind"] == "not found"


def test_given_a_weakened_stream_when_a_command_runs_then_exit_2_naming_the_fault(
    cli_env, capsys
) -> None:
    asyncio.run(create_weak_stream(cli_env))

    code = run(CONVENE)

    err = capsys.readouterr().err
    assert code == 2
    assert "not configured as an append-only event log" in err
    assert "deny_purge is off" in err


def test_given_bad_input_when_run_then_one_sentence_naming_the_help_exit_2(capsys) -> None:
    code = run(["convene", "--name", "X", "--cohort", "deux-mille"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("assembly: Invalid value for '--cohort': 'deux-mille'")
    assert "`assembly convene --help` shows how" in err
    assert "Usage:" not in err
