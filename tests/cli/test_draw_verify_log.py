"""`assembly draw verify --log EXPORT`: the outside auditor's draw check, from an export file
alone — no server (NATS_URL points at a closed port), no key, no registry — with the verdict
the live check gives, and a tampered export refused by the rule it breaks, at its sequence."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from services.adapters.embedded import free_port
from services.entrypoints.cli.main import run
from tests.cli.drawing import REVEAL_AT, SIGNED, committed
from tests.cli.record import last_json


@pytest.fixture
def exported(with_pool, tmp_path, capsys) -> tuple[Path, dict[str, Any]]:
    """A draw committed, revealed and verified live, then the log exported; the live verdict."""
    committed(capsys)
    assert run(["draw", "reveal", "--dice", "271828", *SIGNED, *REVEAL_AT]) == 0
    capsys.readouterr()
    assert run(["--json", "draw", "verify"]) == 0
    live = last_json(capsys)
    path = tmp_path / "paris.log.jsonl"
    assert run(["log", "export", str(path)]) == 0
    capsys.readouterr()
    return path, live


@pytest.fixture
def no_server(monkeypatch, tmp_path) -> None:
    """Nothing to reach: a closed port, an empty home (no embedded server), no assembly."""
    monkeypatch.setenv("NATS_URL", f"nats://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NATS_RETRY_SECONDS", "0.5")  # tried again that long, then said
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("ASSEMBLY_ID", raising=False)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _rewrite(path: Path, topic: str, change: Any) -> int:
    """Change the first fact of a topic in place (the chain left as it was); its sequence."""
    lines = _lines(path)
    line = next(x for x in lines if dict(x.get("headers", [])).get("Assembly-Topic") == topic)
    body = msgspec.json.decode(base64.b64decode(line["data"]))
    change(body)
    line["data"] = base64.b64encode(msgspec.json.encode(body, order="sorted")).decode()
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return int(line["seq"])


def test_given_an_export_and_no_server_when_draw_verify_log_then_verified_as_live(
    exported, no_server, capsys
):
    path, live = exported
    assert run(["draw", "verify"]) == 2  # the live check has no assembly and no server
    capsys.readouterr()

    code = run(["--json", "draw", "verify", "--log", str(path)])

    verdict = last_json(capsys)
    assert code == 0 and verdict["ok"] is True
    [draw] = verdict["draws"]
    assert set(live) - {"seconds"} <= set(draw)  # each draw as the live check reports it
    assert (draw["draw"], draw["assembly"], draw["respondents"], draw["violations"]) == (
        live["draw"],
        live["assembly"],
        300,
        [],
    )


def test_given_a_closed_port_when_verifying_live_then_unreachable(exported, no_server, capsys):
    _, live = exported

    code = run(["draw", "verify", "--assembly", live["assembly"]])

    assert code == 2
    assert "cannot reach NATS" in capsys.readouterr().err


def test_given_a_panel_swapped_in_the_export_when_verified_then_exit_1_at_its_sequence(
    exported, no_server, capsys
):
    path, _ = exported

    def swap(p: dict[str, Any]) -> None:
        p["panel"][0], p["reserves"][0] = p["reserves"][0], p["panel"][0]

    seq = _rewrite(path, "assembly.panel_drawn.v1", swap)

    code = run(["--json", "draw", "verify", "--log", str(path)])

    verdict = last_json(capsys)
    assert code == 1 and verdict["ok"] is False
    rules = {(v["seq"], v["rule"]) for v in verdict["draws"][0]["violations"]}
    assert {(seq, "panel"), (seq, "reserve-order")} <= rules


def test_given_a_respondent_changed_in_the_export_when_verified_then_its_record_is_named(
    exported, no_server, capsys
):
    path, _ = exported

    def flip(p: dict[str, Any]) -> None:
        c = p["respondents"][0][3]
        p["respondents"][0][3] = ("1" if c[0] == "0" else "0") + c[1:]

    seq = _rewrite(path, "assembly.pool_entered.v1", flip)

    assert run(["draw", "verify", "--log", str(path)]) == 1

    out = capsys.readouterr().out
    assert f"#{seq} draw event 2: pool-entered" in out
    assert "pool-commitment" in out


def test_given_no_file_when_draw_verify_log_then_bad_input_in_one_sentence(
    no_server, tmp_path, capsys
):
    code = run(["draw", "verify", "--log", str(tmp_path / "absent.jsonl")])

    err = capsys.readouterr().err
    assert code == 2
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_given_a_file_that_is_no_export_when_draw_verify_log_then_bad_input(
    no_server, tmp_path, capsys
):
    junk = tmp_path / "notes.txt"
    junk.write_text("minutes of the session\n")

    code = run(["draw", "verify", "--log", str(junk)])

    err = capsys.readouterr().err
    assert code == 2
    assert "is not a log export" in err and "Traceback" not in err


def test_given_an_export_without_that_assembly_when_verified_then_bad_input(
    exported, no_server, capsys
):
    path, _ = exported

    code = run(["draw", "verify", "--log", str(path), "--assembly", str(_other())])

    assert code == 2
    assert "holds no draw for assembly" in capsys.readouterr().err


def test_given_draw_and_audit_verify_when_asked_for_help_then_each_says_which_to_use(capsys):
    assert run(["draw", "verify", "--help"]) == 0
    draw_help = capsys.readouterr().out
    assert run(["audit", "verify", "--help"]) == 0
    audit_help = capsys.readouterr().out

    assert "--log" in draw_help and "assembly audit verify --log" in draw_help
    assert "draws only" in draw_help and "whole record" in draw_help
    assert "assembly draw verify --log" in audit_help and "whole record" in audit_help


def _other() -> str:
    return "00000000-0000-4000-8000-000000000001"
