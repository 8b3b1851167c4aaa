"""``assembly session ...``: scheduled, opened, attended, closed, minuted; a refusal records
nothing."""

from __future__ import annotations

import hashlib

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PLENARY
from tests.cli.record import acted, events, last_json


def test_given_seated_members_when_a_session_runs_to_its_minutes_then_all_is_on_the_record(
    seated, tmp_path, capsys
) -> None:
    (sheet := tmp_path / "attendance.csv").write_text("member,presence\nele-003,excused\n")
    (minutes := tmp_path / "minutes.pdf").write_bytes(b"%PDF minutes of the opening plenary")

    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    acted(capsys, f"session open {session_id}")
    acted(
        capsys,
        f"session expert {session_id} --name 'Dr. A. Martin' "
        "--affiliation 'Sorbonne Université' --topic 'urban heat islands'",
    )
    attended = acted(
        capsys,
        f"session attend {session_id} ele-000=present ele-001=present "
        f"ele-002=absent --from-file {sheet}",
    )
    acted(capsys, f"session close {session_id}")
    minuted = acted(
        capsys,
        f"session minutes {session_id} --file {minutes} "
        "--location https://paris.fr/pv/2026-02-07.pdf",
    )

    assert (attended["present"], attended["excused"], attended["absent"]) == (2, 1, 1)
    assert minuted["sha256"] == hashlib.sha256(minutes.read_bytes()).hexdigest()
    run(["--json", "status"])
    [recorded] = last_json(capsys)["sessions"]
    assert (recorded["status"], recorded["present"]) == ("closed", 2)
    assert recorded["minutes"]["sha256"] == minuted["sha256"]


def test_given_schedule_when_run_then_it_prints_the_session_id(seated, capsys) -> None:
    code = run(["session", *PLENARY, "--at", AT])

    out = capsys.readouterr().out
    assert code == 0
    assert "scheduled the plenary session 'Opening plenary' on 2026-02-07 10:00 as " in out


def test_given_an_invited_member_among_several_when_attending_then_none_is_recorded(
    in_session, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run(["session", "attend", in_session, "ele-000=absent", "ele-050=present", "--at", AT])

    assert code == 1
    assert "ele-050 cannot attend: only seated members may, and they are invited" in (
        capsys.readouterr().err
    )
    assert events(cli_env) == before


def test_given_an_open_session_when_minuted_then_refused(in_session, cli_env, capsys) -> None:
    before = events(cli_env)

    code = run(["session", "minutes", in_session, "--sha256", "ab" * 32, "--location", "x"])

    assert code == 1
    assert "minutes follow the session: 'Opening plenary' is open" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_an_unknown_presence_when_attending_then_exit_2_naming_the_argument(
    in_session, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run(["session", "attend", in_session, "ele-000=here", "--at", AT])

    err = capsys.readouterr().err
    assert code == 2
    assert "'ele-000=here' is not MEMBER=present|excused|absent" in err
    assert events(cli_env) == before


def test_given_a_sheet_with_a_bad_line_when_attending_then_exit_2_saying_which(
    in_session, cli_env, tmp_path, capsys
) -> None:
    (sheet := tmp_path / "sheet.csv").write_text("member,presence\nele-000,present\nele-001,yes\n")

    code = run(["session", "attend", in_session, "--from-file", str(sheet), "--at", AT])

    assert code == 2
    assert "line 3: 'ele-001=yes' is not MEMBER=" in capsys.readouterr().err


def test_given_both_a_hash_and_a_file_when_minuting_then_exit_2(
    in_session, cli_env, tmp_path, capsys
) -> None:
    (minutes := tmp_path / "minutes.pdf").write_bytes(b"minutes")

    code = run(
        [
            "session",
            "minutes",
            in_session,
            "--sha256",
            "ab" * 32,
            "--file",
            str(minutes),
            "--location",
            "x",
        ]
    )

    assert code == 2
    assert "--sha256 HEX or their --file PATH" in capsys.readouterr().err
