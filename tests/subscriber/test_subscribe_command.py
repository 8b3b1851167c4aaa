"""``assembly subscribe``: the log as JSON lines, from a position or a durable consumer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PLENARY
from tests.cli.record import events

ROOT = Path(__file__).parents[2]


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_given_a_log_when_subscribing_until_caught_up_then_every_event_in_order(
    seated, cli_env, capsys
) -> None:
    code = run(["--json", "subscribe", "--until-caught-up"])

    lines = _lines(capsys)
    assert code == 0
    assert [r["position"] for r in lines] == list(range(1, events(cli_env) + 1))
    assert lines[0]["type"] == "assembly.assembly_convened.v2"
    assert lines[0]["event"]["charter"]["name"] == "Assemblée citoyenne de Paris"
    assert {r["aggregate"] for r in lines} == {seated}


def test_given_a_type_and_a_position_when_subscribing_then_only_those_events_from_there(
    seated, capsys
) -> None:
    code = run(
        ["--json", "subscribe", "--type", "member_seated", "--from", "8", "--until-caught-up"]
    )

    lines = _lines(capsys)
    assert code == 0
    assert [r["event"]["member"] for r in lines] == ["ele-001", "ele-002", "ele-003"]
    assert all(r["position"] >= 8 for r in lines)


def test_given_a_durable_name_when_subscribing_again_then_it_resumes_after_what_it_showed(
    seated, cli_env, capsys
) -> None:
    assert run(["--json", "subscribe", "--durable", "mairie", "--count", "3"]) == 0
    first = _lines(capsys)

    assert run(["--json", "subscribe", "--durable", "mairie", "--until-caught-up"]) == 0

    rest = _lines(capsys)
    assert [r["position"] for r in first] == [1, 2, 3]
    assert [r["position"] for r in rest] == list(range(4, events(cli_env) + 1))


def test_given_an_unknown_type_when_subscribing_then_bad_input_naming_it(cli_env, capsys) -> None:
    code = run(["subscribe", "--type", "member_teleported", "--until-caught-up"])

    assert code == 2
    assert "'member_teleported' is no event type" in capsys.readouterr().err


def test_given_a_tailing_subscriber_when_an_act_is_recorded_then_sigterm_stops_it_cleanly(
    seated, cli_env, capsys
) -> None:
    recorded = events(cli_env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.entrypoints.cli.main", "--json", "subscribe"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        caught_up = [json.loads(proc.stdout.readline()) for _ in range(recorded)]
        assert run(["session", *PLENARY, "--at", AT]) == 0
        live = json.loads(proc.stdout.readline())

        proc.send_signal(signal.SIGTERM)

        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert caught_up[-1]["position"] == recorded
    assert (live["position"], live["type"]) == (recorded + 1, "assembly.session_scheduled.v1")
    assert proc.returncode == 0, err
    assert "Traceback" not in err
