"""``assembly session postpone`` and ``cancel``: the new start and the reason on the record and on
every read side; a refusal records nothing."""

from __future__ import annotations

from typing import Any

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PLENARY
from tests.cli.record import acted, events, last_json

NEW_START = "2026-02-14T10:00:00+01:00"


def _shown(capsys: Any, *what: str) -> dict[str, Any]:
    assert run(["--json", *what]) == 0, capsys.readouterr().err
    return last_json(capsys)


def test_given_a_scheduled_session_when_postponed_then_status_show_and_timeline_say_it(
    seated, capsys, tmp_path
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])

    done = acted(capsys, f"session postpone {session_id} --to {NEW_START} --reason 'a strike'")

    [status] = _shown(capsys, "status")["sessions"]
    [row] = _shown(capsys, "show", "attendance", "--sessions")["sessions"]
    lines = {e["position"]: e["summary"] for e in _shown(capsys, "show", "timeline")["timeline"]}
    assert (status["starts_at"], status["postponed_from"]) == (
        "2026-02-14 09:00:00+00:00",
        "2026-02-07 09:00:00+00:00",
    )
    assert (status["status"], status["reason"]) == ("scheduled", "a strike")
    assert (row["starts_at"], row["postponed_to"], row["reason"]) == (
        "2026-02-07T09:00:00+00:00",
        "2026-02-14T09:00:00+00:00",
        "a strike",
    )
    assert lines[done["position"]] == (
        f"session {session_id} postponed to 2026-02-14 09:00 UTC: a strike"
    )
    assert run(["export", "open-data", str(tmp_path / "open")]) == 0, capsys.readouterr().err
    exported = (tmp_path / "open" / "sessions.csv").read_text(encoding="utf-8")
    assert "postponed_to" in exported and "2026-02-14T09:00:00+00:00,a strike," in exported


def test_given_a_postponed_session_when_opened_before_its_new_start_then_exit_1_nothing_recorded(
    seated, cli_env, capsys
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    acted(capsys, f"session postpone {session_id} --to {NEW_START} --reason 'a strike'")
    before = events(cli_env)

    code = run(["session", "open", session_id, "--at", "2026-02-07T10:00:00+01:00"])

    err = capsys.readouterr().err
    assert code == 1
    assert "a postponed session opens no earlier than its new start" in err
    assert "Traceback" not in err
    assert events(cli_env) == before


def test_given_a_cancelled_session_when_cancelled_again_or_attended_then_exit_1_nothing_recorded(
    seated, cli_env, capsys
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    acted(capsys, f"session cancel {session_id} --reason 'the hall is closed'")
    before = events(cli_env)

    again = run(["session", "cancel", session_id, "--reason", "twice", "--at", AT])
    again_err = capsys.readouterr().err
    opened = run(["session", "open", session_id, "--at", AT])
    opened_err = capsys.readouterr().err

    assert (again, opened) == (1, 1)
    assert "is already cancelled (the hall is closed)" in again_err
    assert "was cancelled (the hall is closed); a cancelled session never sits" in opened_err
    assert events(cli_env) == before
    [status] = _shown(capsys, "status")["sessions"]
    assert (status["status"], status["reason"]) == ("cancelled", "the hall is closed")


def test_given_a_postponement_with_no_timezone_when_run_then_exit_2_nothing_recorded(
    seated, cli_env, capsys
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    before = events(cli_env)

    code = run(["session", "postpone", session_id, "--to", "2026-02-14T10:00", "--reason", "x"])

    assert code == 2
    assert "has no timezone" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_cancellation_annulled_when_the_session_opens_then_it_sits_and_shows_scheduled(
    seated, capsys
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    cancelled = acted(capsys, f"session cancel {session_id} --reason 'recorded in error'")
    acted(capsys, f"annul {cancelled['position']} --reason 'the wrong session'")

    [row] = _shown(capsys, "show", "attendance", "--sessions")["sessions"]
    opened = acted(capsys, f"session open {session_id}")

    assert (row["status"], row["cancelled_reason"]) == ("scheduled", None)
    assert opened["ok"] is True
    [status] = _shown(capsys, "status")["sessions"]
    assert status["status"] == "open"


def test_given_a_working_group_session_when_postponed_then_cancelled_then_the_groups_say_it(
    seated, capsys
) -> None:
    wg = ["schedule", "--kind", "working-group", "--group", "environment", "--title", "Trees"]
    wg += ["--starts-at", "2026-02-07T10:00:00+01:00", "--agenda", "trees"]
    session_id = str(acted(capsys, "session", *wg)["session_id"])
    acted(capsys, f"session postpone {session_id} --to {NEW_START} --reason 'a strike'")
    acted(capsys, f"session cancel {session_id} --reason 'no room'")

    found = _shown(capsys, "show", "groups")["groups"]

    [meeting] = [s for g in found for s in g["sessions"]]
    assert (meeting["starts_at"], meeting["postponed_to"], meeting["cancelled_reason"]) == (
        "2026-02-07T09:00:00+00:00",
        "2026-02-14T09:00:00+00:00",
        "no room",
    )


def test_given_an_opened_postponed_session_when_its_start_is_corrected_past_opening_then_refused(
    seated, cli_env, capsys
) -> None:
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    postponed = acted(capsys, f"session postpone {session_id} --to {NEW_START} --reason 'a strike'")
    acted(capsys, f"session open {session_id}", at=NEW_START)
    before = events(cli_env)

    fix = ["--field", "starts_at", "--value", "2026-02-15T09:00:00Z", "--reason", "typo"]
    code = run(["correct", str(postponed["position"]), *fix, "--at", NEW_START])

    err = capsys.readouterr().err
    assert code == 1
    assert "a postponed session opens no earlier than its new start" in err
    assert events(cli_env) == before
