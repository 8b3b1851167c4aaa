"""``assembly panel receive FILE``: the drawn panel arrives once, from a well-formed file."""

from __future__ import annotations

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PANEL, panel_json
from tests.cli.record import events, last_json


def test_the_committed_panel_file_is_the_paris_test_data() -> None:
    assert PANEL.read_text(encoding="utf-8") == panel_json()


def test_given_the_paris_panel_file_when_received_then_100_invited_and_15_reserves(
    convened, cli_env, capsys
) -> None:
    code = run(["--json", "panel", "receive", str(PANEL), "--at", AT])

    assert code == 0
    assert last_json(capsys) == {"ok": True, "position": 2, "panel": 100, "reserves": 15}
    run(["--json", "member", "list"])
    statuses = [m["status"] for m in last_json(capsys)["members"]]
    assert (statuses.count("invited"), statuses.count("reserve")) == (100, 15)


def test_given_malformed_json_when_received_then_exit_2_and_nothing_appended(
    convened, cli_env, tmp_path, capsys
) -> None:
    (bad := tmp_path / "panel.json").write_text('{"panel": [')

    code = run(["panel", "receive", str(bad), "--at", AT])

    assert code == 2
    assert "panel.json is not JSON: Input data was truncated" in capsys.readouterr().err
    assert events(cli_env) == 1


def test_given_a_person_without_subpool_when_received_then_exit_2_saying_where(
    convened, cli_env, tmp_path, capsys
) -> None:
    person = '{"pseudonym": "ele-000", "criteria": {}}'
    (bad := tmp_path / "panel.json").write_text(f'{{"panel": [{person}]}}')

    code = run(["panel", "receive", str(bad), "--at", AT])

    err = capsys.readouterr().err
    assert code == 2
    assert "is not a panel: Object missing required field `subpool` - at `$.panel[0]`" in err
    assert events(cli_env) == 1


def test_given_a_panel_already_received_when_received_again_then_refused_exit_1(
    panel_received, cli_env, capsys
) -> None:
    code = run(["panel", "receive", str(PANEL), "--at", AT])

    assert code == 1
    assert "refused by the panel rule" in capsys.readouterr().err
    assert events(cli_env) == 2
