"""Time order at the command line: an act dated (`--at`) before what it depends on, or later
than now, is refused with one sentence naming both times (exit 1), and nothing is appended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.cli.record import acted, events
from tests.cli.test_recommendation import adopted, drafting  # noqa: F401  (fixtures)


def test_given_the_panel_arrived_when_an_acceptance_is_dated_before_then_exit_1_and_no_append(
    panel_received, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run(["member", "accept", "ele-007", "--at", "2026-01-20T10:00:00+01:00"])

    assert code == 1
    assert capsys.readouterr().err == (
        "assembly: refused by the time-order rule: ele-007 cannot accept at "
        "2026-01-20T09:00:00Z: the panel arrived at 2026-02-01T17:00:00Z; an answer comes "
        "after the invitation\n"
    )
    assert events(cli_env) == before


def test_given_a_submission_when_the_answer_is_dated_before_it_then_exit_1_and_no_append(
    adopted,  # noqa: F811
    cli_env,
    capsys,
) -> None:
    acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")
    before = events(cli_env)

    code = run(
        [
            *("recommendation", "respond", adopted, "--response", "accepted"),
            *("--reasons", "within the deadline", "--at", "2026-05-20"),
        ]
    )

    err = capsys.readouterr().err
    assert code == 1
    assert "the executive cannot answer 'Shade in schoolyards' at 2026-05-20T00:00:00Z" in err
    assert "it was submitted at 2026-06-01T00:00:00Z; an answer comes after the submission" in err
    assert events(cli_env) == before


def test_given_now_when_an_act_is_dated_tomorrow_then_exit_1_and_no_append(
    panel_received, cli_env, capsys
) -> None:
    before = events(cli_env)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    cohort_2027 = ["--cohort", "2027", "--term-start", "2027-01-15", "--term-end", "2028-01-14"]
    code = run([*CONVENE, *cohort_2027, "--at", tomorrow])  # the last of each option counts

    err = capsys.readouterr().err
    assert code == 1
    assert "refused by the future-dated rule: this act (assembly convened) is dated" in err
    assert "later than now" in err
    assert events(cli_env) == before
