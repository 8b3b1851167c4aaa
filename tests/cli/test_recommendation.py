"""``assembly recommendation ...``: drafted, amended by vote to a new version, adopted, then
submitted, answered, presented to the Council and implemented; refusals record nothing."""

from __future__ import annotations

import shlex
from typing import Any

import pytest

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.cli.record import acted, events, last_json

SHADE = "recommendation draft --group environment --title 'Shade in schoolyards'"
FOR = "ele-000=in-favour ele-001=in-favour ele-002=in-favour ele-003=in-favour"


@pytest.fixture
def drafting(in_session, capsys) -> str:
    """The recommendations phase open, the plenary still sitting; the session's id."""
    acted(capsys, "open-phase recommendations")
    return in_session


def carried(capsys: Any, session: str, motion: str, subject: str) -> None:
    """Put a motion to a roll-call ballot that all four seated members carry."""
    opened = f"ballot open --session {session} --motion {motion} --subject {subject} --roll-call"
    ballot_id = acted(capsys, opened, "--text", f"{motion} {subject}")["ballot_id"]
    acted(capsys, f"ballot vote {ballot_id} {FOR}")
    assert run(["ballot", "close", ballot_id, "--at", AT]) == 0


@pytest.fixture
def adopted(drafting, capsys) -> str:
    """...and 'Shade in schoolyards' adopted as drafted; its id."""
    rid = str(acted(capsys, SHADE, "--text", "Plant trees in 50 schoolyards.")["recommendation_id"])
    carried(capsys, drafting, "recommendation", rid)
    capsys.readouterr()
    return rid


def test_given_a_draft_when_an_amendment_is_carried_then_version_2_is_voted_and_adopted(
    drafting, tmp_path, capsys
) -> None:
    (amended := tmp_path / "shade-v2.md").write_text("Plant trees in 80 schoolyards.")
    rid = acted(capsys, SHADE, "--text", "Plant trees in 50 schoolyards.")["recommendation_id"]
    aid = acted(capsys, f"recommendation amend {rid} --member ele-000 --text-file {amended}")

    carried(capsys, drafting, "amendment", aid["amendment_id"])
    versioned = capsys.readouterr().out
    carried(capsys, drafting, "recommendation", rid)

    assert "amendment adopted; 'Shade in schoolyards' is at version 2" in versioned
    assert "'Shade in schoolyards' is adopted (version 2)" in capsys.readouterr().out
    run(["--json", "status"])
    [shade] = last_json(capsys)["recommendations"]
    assert (shade["status"], shade["version"]) == ("adopted", 2)


def test_given_an_adopted_text_when_followed_to_implementation_then_each_step_is_recorded(
    adopted, capsys
) -> None:
    sent = acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")
    sid = sent["submission_id"]

    answered = f"recommendation respond {adopted} --response partly-accepted --reasons 'Funded'"
    answer = acted(capsys, answered, at="2026-09-10")
    presented = f"recommendation present {sid} --sitting 2026-10-06 --instrument voeu"
    acted(capsys, presented, at="2026-10-06")
    decided = f"recommendation council {sid} --decision adopted --reference '2026 V. 212'"
    acted(capsys, decided, at="2026-10-06")
    acted(
        capsys,
        f"recommendation report {adopted} --stage under-way --summary '12 schools'",
        at="2026-11-02",
    )

    assert (sent["deadline"], answer["late"]) == ("2026-08-30", True)
    run(["--json", "status"])
    [submission] = last_json(capsys)["submissions"]
    assert (submission["council_sitting"], submission["instrument"]) == ("2026-10-06", "voeu")
    assert (submission["council_decision"], submission["council_reference"]) == (
        "adopted",
        "2026 V. 212",
    )


def test_given_a_late_answer_when_recorded_then_it_says_late(adopted, capsys) -> None:
    acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")

    run(
        [
            *shlex.split(f"recommendation respond {adopted} --response rejected --reasons None"),
            "--at",
            "2026-09-10",
        ]
    )

    assert "rejected, LATE: the deadline was 2026-08-30" in capsys.readouterr().out


def test_given_an_unanswered_submission_when_status_after_the_deadline_then_overdue(
    adopted, capsys
) -> None:
    acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")

    code = run(["status", "--on", "2026-09-01"])

    out = capsys.readouterr().out
    assert code == 0
    assert f"answers overdue on 2026-09-01: 'Shade in schoolyards' ({adopted})" in out
    assert "submitted v1  environment: 'Shade in schoolyards'" in out


def test_given_the_discovery_phase_when_drafting_then_refused(seated, cli_env, capsys) -> None:
    before = events(cli_env)

    code = run(["recommendation", "draft", "--group", "environment", "--title", "T", "--text", "x"])

    assert code == 1
    assert "recommendations are drafted in the recommendations phase" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_anothers_amendment_when_withdrawing_then_refused(drafting, cli_env, capsys) -> None:
    rid = acted(capsys, SHADE, "--text", "Plant trees.")["recommendation_id"]
    aid = acted(capsys, f"recommendation amend {rid} --member ele-000 --text 'Plant oaks.'")
    before = events(cli_env)

    code = run(["recommendation", "withdraw-amendment", aid["amendment_id"], "--member", "ele-001"])

    assert code == 1
    assert "is ele-000's; ele-001 cannot withdraw it" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_text_and_a_text_file_when_drafting_then_exit_2(
    drafting, cli_env, tmp_path, capsys
) -> None:
    (text := tmp_path / "shade.md").write_text("Plant trees.")
    before = events(cli_env)

    code = run([*shlex.split(SHADE), "--text", "x", "--text-file", str(text), "--at", AT])

    assert code == 2
    assert "--text TEXT or --text-file PATH (one of them)" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_an_unknown_response_when_answering_then_exit_2_naming_the_option(
    adopted, cli_env, capsys
) -> None:
    code = run(["recommendation", "respond", adopted, "--response", "maybe", "--reasons", "x"])

    assert code == 2
    assert "'--response'" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["vœu", "Vœu", "VOEU"])
def test_given_the_instrument_typed_in_french_when_presented_then_recorded_as_voeu(
    adopted, capsys, typed
) -> None:
    sid = acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")["submission_id"]

    presented = f"recommendation present {sid} --sitting 2026-10-06 --instrument {typed}"
    acted(capsys, presented, at="2026-10-06")

    run(["--json", "status"])
    [submission] = last_json(capsys)["submissions"]
    assert submission["instrument"] == "voeu"


def test_given_an_instrument_of_no_kind_when_presented_then_exit_2_nothing_recorded(
    adopted, cli_env, capsys
) -> None:
    sid = acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")["submission_id"]
    before = events(cli_env)

    when = ["--sitting", "2026-10-06", "--at", "2026-10-06"]
    code = run(["recommendation", "present", sid, *when, "--instrument", "loi"])

    assert code == 2
    assert "'loi' is not one of 'voeu', 'deliberation'" in capsys.readouterr().err
    assert events(cli_env) == before
