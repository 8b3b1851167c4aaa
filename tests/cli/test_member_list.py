"""``assembly member list``: the panel and reserves as the assembly knows them now."""

from __future__ import annotations

from services.entrypoints.cli.main import run
from tests.cli.paris import AT


def test_given_a_received_panel_when_listed_then_one_line_per_member_and_a_count(
    panel_received, capsys
) -> None:
    run(["member", "accept", "ele-000", "--at", AT])
    capsys.readouterr()

    code = run(["member", "list"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].split() == [
        "member", "sub-pool", "status", "group", "trained", "replaces", "replaced", "by"
    ]  # fmt: skip
    columns = [lines[0].index(h) for h in ("sub-pool", "status", "group", "trained")]
    for line in lines[1:-1]:  # each column starts where its heading does
        assert all(line[c - 1] == " " and line[c] != " " for c in columns), line
    assert lines[1].split() == ["ele-000", "electoral-rolls", "accepted", "-", "0", "-", "-"]
    assert lines[-2].split() == ["min-r01", "minors", "reserve", "15", "-", "0", "-", "-"]
    assert lines[-1] == "1 accepted, 99 invited, 15 reserve"


def test_given_no_panel_yet_when_listed_then_it_says_so(convened, capsys) -> None:
    code = run(["member", "list"])

    assert code == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no panel yet"
