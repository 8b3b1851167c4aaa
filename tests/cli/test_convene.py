"""``assembly convene``: the charter's rules as data; the next cohort keeps them, never the
members."""

from __future__ import annotations

from typing import Any

import pytest

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE, PANEL
from tests.cli.record import events, last_json, stored

RULES = [
    *("--subpool", "electoral-rolls=80", "--subpool", "non-eu-residents=15"),
    *("--subpool", "minors=5", "--quorum", "0.6", "--recommendation-threshold", "consensus"),
    *("--secrecy", "roll-call", "--executive-response-days", "60"),
]
NEXT = ["--cohort", "2027", "--term-start", "2027-01-15", "--term-end", "2028-01-14"]


def status(capsys: Any, assembly_id: str) -> dict[str, Any]:
    assert run(["--json", "status", "--assembly", assembly_id]) == 0
    return last_json(capsys)


def test_given_rules_when_convened_then_they_are_recorded_as_data(cli_env, capsys) -> None:
    code = run(["--json", *CONVENE, *RULES])

    charter = stored(cli_env, last_json(capsys)["position"])["charter"]
    assert code == 0
    assert charter["subpool_seats"] == {"electoral-rolls": 80, "non-eu-residents": 15, "minors": 5}
    assert charter["rules"]["quorum"] == "0.6"
    assert charter["rules"]["recommendation_threshold"] == "consensus"
    assert (charter["rules"]["secrecy"], charter["rules"]["executive_response_days"]) == (
        "roll-call",
        60,
    )


def test_given_a_cohort_with_a_panel_when_the_next_is_convened_then_rules_kept_not_members(
    cli_env, monkeypatch, capsys
) -> None:
    run(["--json", *CONVENE, *RULES])
    previous = str(last_json(capsys)["assembly_id"])
    run(["panel", "receive", str(PANEL), "--assembly", previous, "--at", AT])

    code = run(["--json", "convene", "--from-cohort", previous, *NEXT, "--at", "2026-12-01"])

    nxt = status(capsys, str(last_json(capsys)["assembly_id"]))
    before = status(capsys, previous)
    assert code == 0
    assert nxt["charter"] == {**before["charter"], "cohort": 2027} | {
        "term_start": "2027-01-15",
        "term_end": "2028-01-14",
    }
    assert (nxt["previous_cohort"], nxt["members"], before["members"]["invited"]) == (
        previous,
        {},
        100,
    )


def test_given_the_same_cohort_when_convened_from_it_then_refused(
    convened, cli_env, capsys
) -> None:
    code = run(["convene", "--from-cohort", convened, "--cohort", "2026", *NEXT[2:]])

    assert code == 1
    assert "refused by the charter rule: cohort 2026 does not follow cohort 2026" in (
        capsys.readouterr().err
    )
    assert events(cli_env) == 1


def test_given_sub_pools_short_of_the_seats_when_convened_then_refused(cli_env, capsys) -> None:
    code = run([*CONVENE, "--subpool", "electoral-rolls=80", "--subpool", "minors=5"])

    assert code == 1
    assert "add up to 85, not the 100 seats" in capsys.readouterr().err
    assert events(cli_env) == 0


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--quorum", "1.5", "'1.5' is not a share above 0 and at most 1"),
        ("--quorum", "half", "'half' is not a share"),
        ("--subpool", "minors=five", "'minors=five' is not SUBPOOL=SEATS"),
        ("--mandate-threshold", "most", "'most' is not one of"),
    ],
)
def test_given_a_bad_rule_when_convening_then_exit_2_naming_the_option(
    cli_env, capsys, option, value, says
) -> None:
    code = run([*CONVENE, option, value])

    err = capsys.readouterr().err
    assert code == 2
    assert f"'{option}'" in err
    assert says in err
    assert events(cli_env) == 0


def test_given_a_rule_when_convening_the_next_cohort_then_exit_2_it_is_kept(
    convened, cli_env, capsys
) -> None:
    code = run(["convene", "--from-cohort", convened, *NEXT, "--quorum", "0.6", "--name", "X"])

    assert code == 2
    assert "keeps the previous cohort's charter and rules: drop --name, --quorum" in (
        capsys.readouterr().err
    )
    assert events(cli_env) == 1


def test_given_no_name_when_convening_a_new_assembly_then_exit_2(cli_env, capsys) -> None:
    code = run(["convene", *NEXT])

    assert code == 2
    assert "Missing option '--name'" in capsys.readouterr().err


def test_given_tellers_when_convened_then_the_charter_names_them_as_actors(cli_env, capsys) -> None:
    code = run(["--json", *CONVENE, "--teller", "Lefèvre", "--teller", "teller:martin"])

    assert code == 0
    tellers = stored(cli_env, 1)["charter"]["rules"]["tellers"]
    assert tellers == ["teller:dupont", "teller:Lefèvre", "teller:martin"]


@pytest.mark.parametrize("name", ["jeanne@example.org", "Jeanne Martin", ""])
def test_given_a_teller_of_no_actors_shape_when_convening_then_exit_2_nothing_appended(
    cli_env, capsys, name
) -> None:
    code = run([*CONVENE, "--teller", name])

    assert code == 2
    assert "is not an actor" in capsys.readouterr().err
    assert events(cli_env) == 0


def test_given_a_subpool_the_charter_does_not_know_when_convened_then_one_sentence_exit_1(
    cli_env, capsys
) -> None:
    seats = ["--subpool", "electoral-rolls=80", "--subpool", "foreigners=15"]

    code = run([*CONVENE, *seats, "--subpool", "minors=5"])

    err = capsys.readouterr().err
    assert code == 1
    assert "sub-pool 'foreigners', which its vocabulary does not know" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert events(cli_env) == 0


def test_given_cohort_2027_when_convened_a_second_time_then_refused_exit_1(cli_env, capsys) -> None:
    cohort_2027 = [*CONVENE[:4], "2027", *CONVENE[5:]]
    assert run(cohort_2027) == 0

    code = run([*cohort_2027, "--at", "2026-01-11T09:00:00+01:00"])

    assert code == 1
    assert "cohort 2027 is already convened (assembly " in capsys.readouterr().err
    assert events(cli_env) == 1


def test_given_a_cohort_when_the_next_overlaps_its_term_then_refused_exit_1(
    convened, cli_env, capsys
) -> None:
    overlapping = ["--cohort", "2027", "--term-start", "2026-12-01", "--term-end", "2027-11-30"]

    code = run(["convene", "--from-cohort", convened, *overlapping])

    assert code == 1
    assert "overlaps cohort 2026's, 2026-01-15 to 2027-01-14" in capsys.readouterr().err
    assert events(cli_env) == 1
