"""``assembly show ...`` after a command reads that command's write; a wait has a bound."""

from __future__ import annotations

from services.entrypoints.cli.main import run
from tests.cli.conftest import cli_env, convened, in_session, panel_received, seated, with_pool
from tests.cli.drawing import committed
from tests.cli.paris import SEATED
from tests.cli.record import acted, last_json

__all__ = ["cli_env", "convened", "in_session", "panel_received", "seated", "with_pool"]


def test_given_members_seated_when_show_roster_then_they_are_seated_at_once(seated, capsys) -> None:
    acted(capsys, "member withdraw", SEATED[0], "--reason", "new job abroad")

    code = run(["--json", "show", "roster", "--status", "seated"])

    assert code == 0
    members = last_json(capsys)["members"]
    assert [m["member"] for m in members] == list(SEATED[1:])


def test_given_a_closed_ballot_when_show_ballot_then_tally_quorum_and_rule(
    in_session, capsys
) -> None:
    opened = f"ballot open --session {in_session} --motion mandate --text 'Invite the mayor'"
    ballot_id = acted(capsys, opened)["ballot_id"]
    acted(capsys, "ballot vote", ballot_id, *SEATED[:3])
    acted(capsys, "ballot close", ballot_id, "--count", "2,1,0")

    code = run(["--json", "show", "ballot", ballot_id])

    ballot = last_json(capsys)["ballot"]
    assert code == 0
    assert (ballot["in_favour"], ballot["against"], ballot["participants"]) == (2, 1, 3)
    assert ballot["adopted"] is True
    assert (
        ballot["rule"].startswith("simple majority") and "quorum 4/2 of 4 seated" in ballot["rule"]
    )


def test_given_a_session_when_show_attendance_then_rates_per_member(in_session, capsys) -> None:
    code = run(["--json", "show", "attendance"])

    rates = {m["member"]: m["rate"] for m in last_json(capsys)["members"]}
    assert code == 0
    assert rates == dict.fromkeys(SEATED, "100.0%")


def test_given_the_charter_when_show_composition_then_seats_and_seated_per_subpool(
    seated, capsys
) -> None:
    code = run(["--json", "show", "composition"])

    found = last_json(capsys)
    assert code == 0
    assert found["quotas"] is False
    seats = {s["subpool"]: (s["seated"], s["seats"]) for s in found["subpools"]}
    assert seats["electoral-rolls"][0] == len([m for m in SEATED if m.startswith("ele")])


def test_given_each_read_model_when_shown_as_tables_then_each_prints_rows(
    in_session, capsys
) -> None:
    for what in (
        "roster",
        "composition",
        "groups",
        "attendance",
        "amendments",
        "ballot",
        "recommendation",
        "timeline",
    ):
        code = run(["show", what])

        out = capsys.readouterr().out
        assert code == 0, what
        assert out.strip(), what
    run(["show", "timeline"])
    assert "the discovery phase opened" in capsys.readouterr().out


def test_given_a_position_beyond_reach_when_waiting_no_time_then_a_clear_message(
    seated, capsys
) -> None:
    code = run(["show", "roster", "--after", "10000000", "--wait", "0"])

    err = capsys.readouterr().err
    assert code == 2
    assert "not yet at 10000000" in err and "still catching up" in err
    assert "Traceback" not in err


def test_given_an_unknown_ballot_when_shown_then_bad_input(seated, capsys) -> None:
    code = run(["show", "ballot", "00000000-0000-4000-8000-000000000000"])

    assert code == 2
    assert "no ballot 00000000-0000-4000-8000-000000000000" in capsys.readouterr().err


def test_given_an_id_nothing_is_recorded_under_when_shown_then_bad_input(seated, capsys) -> None:
    code = run(["show", "roster", "--assembly", "00000000-0000-4000-8000-000000000001"])

    err = capsys.readouterr().err
    assert code == 2
    assert "nothing is recorded under 00000000-0000-4000-8000-000000000001" in err


def test_given_an_amendment_voted_down_when_show_amendments_then_status_and_count(
    in_session, capsys
) -> None:
    acted(capsys, "open-phase recommendations")
    text = "recommendation draft --group environment --title Shade --text 'Plant trees'"
    recommendation = acted(capsys, text)["recommendation_id"]
    amended = (
        f"recommendation amend {recommendation} --member {SEATED[0]} --text 'Plant more trees'"
    )
    amendment = acted(capsys, amended)["amendment_id"]
    opened = (
        f"ballot open --session {in_session} --motion amendment --subject {amendment} --text A1"
    )
    ballot_id = acted(capsys, opened)["ballot_id"]
    acted(capsys, "ballot vote", ballot_id, *SEATED)
    acted(capsys, "ballot close", ballot_id, "--count", "1,3,0")

    code = run(["--json", "show", "amendments"])

    [found] = last_json(capsys)["amendments"]
    assert code == 0
    assert (found["status"], found["in_favour"], found["against"]) == ("rejected", 1, 3)


def test_given_json_after_the_subcommand_when_show_roster_then_the_same_json_as_before_it(
    seated, capsys
) -> None:
    assert run(["--json", "show", "roster", "--status", "seated"]) == 0
    before = last_json(capsys)

    code = run(["show", "roster", "--status", "seated", "--json"])

    assert code == 0
    assert last_json(capsys) == before


def test_given_an_unknown_member_when_show_roster_then_bad_input(seated, capsys) -> None:
    code = run(["show", "roster", "--member", "nobody"])

    captured = capsys.readouterr()
    assert code == 2
    assert "no member nobody" in captured.err
    assert captured.out == ""


def test_given_an_unknown_status_when_show_roster_then_refused_with_the_valid_ones(
    seated, capsys
) -> None:
    code = run(["show", "roster", "--status", "bogus"])

    err = capsys.readouterr().err
    assert code == 2
    assert "'bogus' is not one of" in err and "'seated'" in err and "'reserve'" in err


def test_given_a_draw_record_id_when_shown_as_the_assembly_then_bad_input(
    with_pool, capsys
) -> None:
    draw_id = committed(capsys)["draw"]

    code = run(["show", "roster", "--assembly", draw_id])

    err = capsys.readouterr().err
    assert code == 2
    assert f"{draw_id} is a draw's record, not an assembly" in err


def test_given_a_roll_call_ballot_when_shown_as_text_then_each_member_and_choice(
    in_session, capsys
) -> None:
    opened = f"ballot open --session {in_session} --motion mandate --text Invite --roll-call"
    ballot_id = acted(capsys, opened)["ballot_id"]
    acted(capsys, "ballot vote", ballot_id, "ele-000=in-favour", "ele-001=against")

    code = run(["show", "ballot", ballot_id])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.split() for line in lines[-3:]] == [
        ["member", "choice"],
        ["ele-000", "in-favour"],
        ["ele-001", "against"],
    ]


def test_given_a_secret_ballot_when_shown_as_text_then_who_took_part_but_no_choice(
    in_session, capsys
) -> None:
    opened = f"ballot open --session {in_session} --motion mandate --text Invite --secret"
    ballot_id = acted(capsys, opened)["ballot_id"]
    acted(capsys, "ballot vote", ballot_id, "ele-002", "ele-003")

    code = run(["show", "ballot", ballot_id])

    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[-1] == "took part (secret: choices not recorded): ele-002, ele-003"
    assert "in-favour" not in out and "against" not in out
