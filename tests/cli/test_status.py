"""``assembly status``: where an assembly stands, read from its record; it records nothing."""

from __future__ import annotations

from services.entrypoints.cli.main import run
from tests.cli.record import acted, events, last_json


def test_given_a_sitting_with_a_ballot_when_status_then_charter_phase_and_work_are_shown(
    in_session, cli_env, capsys
) -> None:
    opened = f"ballot open --session {in_session} --motion mandate --text 'Invite the mayor'"
    ballot_id = acted(capsys, opened)["ballot_id"]
    before = events(cli_env)

    code = run(["status"])

    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("Assemblée citoyenne de Paris, cohort 2026, 2026-01-15 to 2027-01-14")
    assert out[1:3] == [
        "phase: discovery",
        "seats: 100; themes: social education, environment, public space",
    ]
    assert "members: 4 seated, 96 invited, 15 reserve" in out
    assert f"  open        secret    'Invite the mayor'  {ballot_id}" in out
    assert any(line.startswith("  open      plenary       2026-02-07 10:00") for line in out)
    assert events(cli_env) == before


def test_given_status_as_json_when_read_then_members_are_counted_by_status(seated, capsys) -> None:
    code = run(["--json", "status"])

    status = last_json(capsys)
    assert code == 0
    assert status["members"] == {"seated": 4, "invited": 96, "reserve": 15}
    assert (status["phase"], status["charter"]["rules"]["quorum"]) == ("discovery", "0.5")


def test_given_an_unknown_assembly_when_status_then_exit_2_not_found(cli_env, capsys) -> None:
    code = run(["--json", "status", "--assembly", "00000000-0000-4000-8000-000000000000"])

    assert code == 2
    assert last_json(capsys)["error"]["kind"] == "not found"


def test_given_a_day_that_is_not_a_date_when_status_then_exit_2(convened, capsys) -> None:
    code = run(["status", "--on", "tomorrow"])

    assert code == 2
    assert "'--on'" in capsys.readouterr().err
