"""Every act says on which assembly, who acts and when; the CLI reads them, never the core."""

from __future__ import annotations

import getpass
import uuid

import pytest

from services.entrypoints.cli.acts import _login
from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE
from tests.cli.record import events, last_json, stored


def test_given_convene_when_run_then_it_prints_the_id_and_how_to_export_it(cli_env, capsys) -> None:
    code = run(CONVENE)

    out = capsys.readouterr().out
    assembly_id = out.split(" as ")[1].split()[0]
    assert code == 0
    assert f"export ASSEMBLY_ID={assembly_id}" in out
    assert stored(cli_env, 1)["by"] == "clerk:greffe"


def test_given_no_assembly_when_acting_then_exit_2_saying_how_to_name_one(cli_env, capsys) -> None:
    code = run(["member", "accept", "ele-000"])

    err = capsys.readouterr().err
    assert code == 2
    assert "--assembly" in err
    assert "ASSEMBLY_ID" in err
    assert events(cli_env) == 0


def test_given_an_assembly_option_when_the_env_names_another_then_the_option_wins(
    panel_received, monkeypatch, cli_env
) -> None:
    monkeypatch.setenv("ASSEMBLY_ID", str(uuid.uuid4()))

    code = run(["member", "accept", "ele-000", "--assembly", panel_received, "--at", AT])

    assert code == 0
    assert events(cli_env) == 3


@pytest.mark.parametrize(
    ("at", "says"),
    [("2026-02-01T18:00", "has no timezone"), ("yesterday", "is not a time")],
)
def test_given_a_bad_time_when_acting_then_exit_2_naming_the_option(
    panel_received, cli_env, capsys, at, says
) -> None:
    code = run(["member", "accept", "ele-000", "--at", at])

    err = capsys.readouterr().err
    assert code == 2
    assert "'--at'" in err
    assert says in err
    assert events(cli_env) == 2


@pytest.mark.parametrize(
    ("at", "recorded"),
    [
        ("2026-02-01T18:30:00+01:00", "2026-02-01T17:30:00Z"),
        ("2026-02-01T17:30:00Z", "2026-02-01T17:30:00Z"),  # the panel arrived at 17:00
        ("2026-02-02", "2026-02-02T00:00:00Z"),
    ],
)
def test_given_a_time_when_acting_then_the_event_records_that_instant_in_utc(
    panel_received, cli_env, capsys, at, recorded
) -> None:
    run(["--json", "member", "accept", "ele-000", "--at", at])

    assert stored(cli_env, last_json(capsys)["position"])["at"] == recorded


def test_given_as_the_member_when_accepting_then_the_event_records_the_member(
    panel_received, cli_env, capsys
) -> None:
    run(["--json", "member", "accept", "ele-000", "--as", "member:ele-000", "--at", AT])

    assert stored(cli_env, last_json(capsys)["position"])["by"] == "member:ele-000"


def test_given_assembly_actor_set_when_acting_then_the_event_records_it(
    panel_received, cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_ACTOR", "clerk:bob")

    run(["--json", "member", "accept", "ele-000", "--at", AT])

    assert stored(cli_env, last_json(capsys)["position"])["by"] == "clerk:bob"


def test_given_no_actor_named_when_acting_then_the_login_name_is_recorded(
    panel_received, cli_env, capsys
) -> None:
    run(["--json", "member", "accept", "ele-000", "--at", AT])

    assert stored(cli_env, last_json(capsys)["position"])["by"] == f"clerk:{getpass.getuser()}"


@pytest.mark.parametrize(
    ("actor", "said"),
    [
        ("clerk@paris.fr", "is not an actor"),
        ("greffe", "is not an actor"),
        ("mayor:anne", "is not an actor"),
        ("clerk:jeanne.martin@example.org", "no @ or space"),
        ("clerk:Jeanne Martin", "no @ or space"),
        ("clerk:", "short word"),
    ],
)
def test_given_an_actor_of_no_documented_shape_when_acting_then_exit_2_and_nothing_appended(
    panel_received, cli_env, capsys, actor, said
) -> None:
    code = run(["member", "accept", "ele-000", "--as", actor, "--at", AT])

    err = capsys.readouterr().err
    assert code == 2
    assert said in err
    assert "role:name" in err or "clerk:greffe" in err
    assert "Traceback" not in err
    assert events(cli_env) == 2


def test_given_a_member_when_accepting_another_members_invitation_then_exit_1_who_may_act(
    panel_received, cli_env, capsys
) -> None:
    code = run(["member", "accept", "ele-000", "--as", "member:ele-001", "--at", AT])

    err = capsys.readouterr().err
    assert code == 1
    assert "member:ele-001 may not record ele-000's acceptance" in err
    assert "member:ele-000" in err
    assert events(cli_env) == 2


def test_given_the_executive_when_seating_a_member_then_exit_1_only_the_clerk_may(
    panel_received, cli_env, capsys
) -> None:
    run(["member", "accept", "ele-000", "--at", AT])

    code = run(["member", "seat", "ele-000", "--as", "executive:cabinet-maire", "--at", AT])

    assert code == 1
    assert "only the clerk (clerk:<login>) may" in capsys.readouterr().err
    assert events(cli_env) == 3


def test_given_a_blank_actor_when_acting_then_exit_2(panel_received, cli_env, capsys) -> None:
    code = run(["member", "accept", "ele-000", "--as", " ", "--at", AT])

    assert code == 2
    assert "who acts?" in capsys.readouterr().err
    assert events(cli_env) == 2


@pytest.mark.parametrize(
    ("login", "actor"),
    [("greffe", "clerk:greffe"), ("Jean Dupont@corp", "clerk:Jean-Dupont-corp"), ("@@", None)],
)
def test_given_a_login_name_when_no_actor_is_named_then_the_clerk_by_that_name_made_valid(
    monkeypatch, login, actor
) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: login)

    assert _login() == actor
