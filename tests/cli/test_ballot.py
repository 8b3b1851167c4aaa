"""``assembly ballot ...``: opened, voted (each member the actor of their vote), closed with the
outcome and the rule in words; a refused vote records none of the votes given with it."""

from __future__ import annotations

import shlex

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.cli.record import acted, events, stored

MANDATE = "ballot open --motion mandate --text 'Invite the mayor to the closing plenary'"


def test_given_a_roll_call_when_closed_then_the_outcome_and_rule_are_printed(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --roll-call")["ballot_id"]
    votes = "ele-000=in-favour ele-001=in-favour ele-002=against ele-003=abstain"
    voted = acted(capsys, f"ballot vote {ballot_id} {votes}")

    code = run(["ballot", "close", ballot_id, "--at", AT])

    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines() == [
        "ADOPTED: Invite the mayor to the closing plenary",
        "  tally: 2 in favour, 1 against, 1 abstentions (roll-call)",
        "  quorum: 4 present of 4 seated, 2 needed: met",
        "  threshold: simple-majority, 2 of 3 votes cast needed",
        "  rule: simple majority: more than half of 3 votes cast; abstentions not counted; "
        "quorum 4/2 of 4 seated",
    ]
    assert stored(cli_env, voted["position"])["by"] == "member:ele-003"


def test_given_a_secret_ballot_when_closed_with_the_tellers_count_then_not_adopted(
    in_session, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    acted(capsys, f"ballot vote {ballot_id} ele-000 ele-001 ele-002")

    closed = acted(capsys, f"ballot close {ballot_id} --count 1,2,0")

    outcome = closed["outcome"]
    assert (outcome["adopted"], outcome["tally"]["against"], outcome["present"]) == (False, 2, 4)


def test_given_a_secret_ballot_when_closed_without_a_count_then_refused(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    acted(capsys, f"ballot vote {ballot_id} ele-000")
    before = events(cli_env)

    code = run(["ballot", "close", ballot_id, "--at", AT])

    assert code == 1
    assert "a secret ballot closes with the tellers' count" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_member_not_present_among_voters_when_voting_then_no_vote_is_recorded(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "vote", ballot_id, "ele-000", "ele-050", "--at", AT])

    assert code == 1
    assert "ele-050 cannot vote: only seated members may" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_count_of_two_numbers_when_closing_then_exit_2_naming_the_option(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "close", ballot_id, "--count", "2,1", "--at", AT])

    err = capsys.readouterr().err
    assert code == 2
    assert "'--count'" in err
    assert "'2,1' is not IN_FAVOUR,AGAINST,ABSTENTIONS" in err
    assert events(cli_env) == before


def test_given_secret_and_roll_call_when_opening_then_exit_2(in_session, cli_env, capsys) -> None:
    before = events(cli_env)

    code = run([*shlex.split(MANDATE), "--session", in_session, "--secret", "--roll-call"])

    assert code == 2
    assert "--secret or --roll-call, not both" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_member_twice_when_voting_then_exit_2(in_session, cli_env, capsys) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "vote", ballot_id, "ele-000", "ele-000"])

    assert code == 2
    assert "ele-000 is named twice" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_secret_ballot_when_members_are_named_alone_then_who_took_part_is_recorded(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --secret")["ballot_id"]

    voted = acted(capsys, f"ballot vote {ballot_id} ele-000 ele-001")

    assert voted["voters"] == ["ele-000", "ele-001"]
    cast = stored(cli_env, voted["position"])
    assert (cast["member"], cast["by"], cast["choice"]) == ("ele-001", "member:ele-001", None)


def test_given_a_secret_ballot_when_a_choice_is_given_then_refused_and_nothing_recorded(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --secret")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "vote", ballot_id, "ele-000", "ele-001=against", "--at", AT])

    assert code == 1
    err = capsys.readouterr().err
    assert "is secret: name ele-001 alone, without a choice" in err
    assert len(err.strip().splitlines()) == 1
    assert events(cli_env) == before


def test_given_a_roll_call_when_a_member_is_named_without_a_choice_then_refused(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --roll-call")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "vote", ballot_id, "ele-000=in-favour", "ele-001", "--at", AT])

    assert code == 1
    assert "is a roll call: give ele-001's choice, e.g. ele-001=in-favour" in (
        capsys.readouterr().err
    )
    assert events(cli_env) == before


def test_given_a_roll_call_whose_count_differs_when_closing_then_the_counts_are_in_words(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --roll-call")["ballot_id"]
    acted(capsys, f"ballot vote {ballot_id} ele-000=in-favour ele-001=against")

    code = run(["ballot", "close", ballot_id, "--count", "2,0,0", "--at", AT])

    err = capsys.readouterr().err
    assert code == 1
    assert (
        "the count (2 in favour, 0 against, 0 abstentions) differs from the recorded votes "
        "(1 in favour, 1 against, 0 abstentions)"
    ) in err
    assert "Tally(" not in err


def test_given_the_clerk_at_the_desk_when_voting_then_each_vote_is_the_members_own(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --roll-call")["ballot_id"]

    voted = acted(capsys, f"ballot vote {ballot_id} ele-000=in-favour ele-001=against")

    last = voted["position"]
    assert [stored(cli_env, p)["by"] for p in (last - 1, last)] == [
        "member:ele-000",
        "member:ele-001",
    ]


def test_given_a_teller_the_charter_names_when_voting_then_the_teller_records_each_vote(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]

    voted = acted(capsys, f"ballot vote {ballot_id} ele-000 ele-001 --as teller:dupont")

    last = voted["position"]
    assert [stored(cli_env, p)["by"] for p in (last - 1, last)] == ["teller:dupont"] * 2


def test_given_a_teller_the_charter_does_not_name_when_voting_then_exit_1_and_no_vote(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    before = events(cli_env)

    code = run(["ballot", "vote", ballot_id, "ele-000", "--as", "teller:durand"])

    err = capsys.readouterr().err
    assert code == 1
    assert "teller:durand may not record ele-000's vote: only the member themself" in err
    assert events(cli_env) == before


def test_given_a_member_when_voting_for_another_then_exit_1_and_no_vote_at_all(
    in_session, cli_env, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session}")["ballot_id"]
    before = events(cli_env)

    code = run(
        [
            "ballot",
            "vote",
            ballot_id,
            "ele-000",
            "ele-001",
            "--as",
            "member:ele-000",
        ]
    )

    assert code == 1
    assert "member:ele-000 may not record ele-001's vote" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_secret_ballot_when_members_take_part_then_the_clerk_reads_who_took_part(
    in_session, capsys
) -> None:
    ballot_id = acted(capsys, f"{MANDATE} --session {in_session} --secret")["ballot_id"]

    code = run(["ballot", "vote", ballot_id, "ele-000", "ele-001", "--at", AT])

    assert code == 0
    assert "recorded that 2 members took part" in capsys.readouterr().out
