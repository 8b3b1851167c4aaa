"""``assembly member ...``: each act recorded once; a refusal exits 1 and records nothing."""

from __future__ import annotations

from typing import Any

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.cli.record import events, last_json


def _act(capsys, *args: str) -> dict[str, Any]:
    assert run(["--json", "member", *args, "--at", AT]) == 0, capsys.readouterr().err
    return last_json(capsys)


def test_given_a_panel_when_a_member_sits_leaves_and_is_replaced_then_a_reserve_accepts(
    panel_received, capsys
) -> None:
    _act(capsys, "accept", "ele-000")
    _act(capsys, "seat", "ele-000")
    _act(capsys, "join-group", "ele-000", "environment")
    _act(capsys, "withdraw", "ele-000", "--reason", "new job abroad")

    called = _act(capsys, "replace", "ele-000")
    accepted = _act(capsys, "accept", "ele-r00")

    assert called == {
        "ok": True,
        "position": 7,
        "vacated": "ele-000",
        "reserve": "ele-r00",
        "keeps_quotas": None,  # a panel received, not drawn here: no committed quotas
        "breach": 0,
        "breached": [],
    }
    assert accepted["position"] == 8
    run(["--json", "member", "list"])
    members = {m["pseudonym"]: m for m in last_json(capsys)["members"]}
    left, joined = members["ele-000"], members["ele-r00"]
    assert (left["status"], left["group"], left["replaced_by"]) == ("withdrew", None, "ele-r00")
    assert (joined["status"], joined["replaces"]) == ("accepted", "ele-000")


def test_given_a_reserve_called_when_replacing_then_it_says_who(panel_received, capsys) -> None:
    run(["member", "decline", "non-003", "--reason", "moving away", "--at", AT])

    code = run(["member", "replace", "non-003", "--at", AT])

    assert code == 0
    assert "called reserve non-r00 to replace non-003" in capsys.readouterr().out


def test_given_an_invited_member_when_seated_then_refused_and_nothing_appended(
    panel_received, cli_env, capsys
) -> None:
    code = run(["--json", "member", "seat", "ele-000", "--at", AT])

    error = last_json(capsys)["error"]
    assert code == 1
    assert error["kind"] == "refused: WrongStatus"
    assert "refused by the membership rule: ele-000 cannot be seated" in error["message"]
    assert (
        "they are invited and have not answered, and only a member who is accepted can"
        in (error["message"])
    )
    assert events(cli_env) == 2


def test_given_several_to_seat_when_one_is_refused_then_those_before_it_stay_seated(
    panel_received, cli_env, capsys
) -> None:
    _act(capsys, "accept", "ele-000")
    _act(capsys, "accept", "ele-001")

    code = run(["member", "seat", "ele-000", "ele-001", "ele-002", "ele-003", "--at", AT])

    err = capsys.readouterr().err
    assert code == 1
    assert "ele-002 cannot be seated" in err
    refused = "accepted can; seated 2 of 4 before this refusal (ele-000, ele-001), 1 not tried"
    assert refused in err
    assert events(cli_env) == 6


def test_given_a_seated_member_when_removed_without_a_reason_then_refused(
    panel_received, cli_env, capsys
) -> None:
    _act(capsys, "accept", "ele-000")
    _act(capsys, "seat", "ele-000")

    code = run(["member", "remove", "ele-000", "--reason", " ", "--at", AT])

    assert code == 1
    assert "needs a reason on the record" in capsys.readouterr().err
    assert events(cli_env) == 4


def test_given_an_unknown_group_when_joining_then_refused_naming_the_groups(
    panel_received, cli_env, capsys
) -> None:
    _act(capsys, "accept", "ele-000")
    _act(capsys, "seat", "ele-000")

    code = run(["member", "join-group", "ele-000", "transport", "--at", AT])

    assert code == 1
    assert "choose one of social education, environment, public space" in capsys.readouterr().err
    assert events(cli_env) == 4


def test_given_a_withdrawal_without_reason_when_run_then_exit_2_naming_the_option(
    panel_received, cli_env, capsys
) -> None:
    code = run(["member", "withdraw", "ele-000", "--at", AT])

    assert code == 2
    assert "--reason" in capsys.readouterr().err
    assert events(cli_env) == 2


def test_given_a_seated_member_when_joining_espace_public_then_the_public_space_group(
    panel_received, capsys
) -> None:
    _act(capsys, "accept", "ele-000")
    _act(capsys, "seat", "ele-000")

    assert run(["member", "join-group", "ele-000", "espace public", "--at", AT]) == 0

    assert "ele-000 joined the public space working group" in capsys.readouterr().out
    run(["--json", "member", "list"])
    members = {m["pseudonym"]: m for m in last_json(capsys)["members"]}
    assert members["ele-000"]["group"] == "public space"
