"""``assembly show`` on the embedded server: read models that hold the log's last event are read
as they are (the server's monitoring endpoint says how far the log goes: no NATS client, no
projector); read models behind it are brought up to it first, never shown stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from services.adapters.embedded import EmbeddedServer, last_sequence
from services.adapters.readstore.database import caught_up
from services.adapters.readstore.readside import engine_for
from services.config import Settings
from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE, PANEL
from tests.cli.record import last_json

SHOW = (
    "import json, sys\n"
    "from services.entrypoints.cli.main import run\n"
    "code = run(['--json', 'show', 'roster', '--status', 'accepted'])\n"
    "print(json.dumps({'code': code, 'nats': 'nats' in sys.modules,"
    " 'sqlalchemy': 'sqlalchemy' in sys.modules}))\n"
)


@pytest.fixture
def home(tmp_path, monkeypatch, capsys):
    """An assembly convened, its panel received, on the embedded server under a fresh home."""
    for name in ("NATS_URL", "ASSEMBLY_STREAM", "ASSEMBLY_SUBJECT_PREFIX", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    assert run(["--json", *CONVENE]) == 0
    monkeypatch.setenv("ASSEMBLY_ID", str(last_json(capsys)["assembly_id"]))
    assert run(["panel", "receive", str(PANEL), "--at", AT]) == 0
    capsys.readouterr()
    yield tmp_path / "home"
    EmbeddedServer(tmp_path / "home").stop()


def _cold_show() -> tuple[dict[str, object], list[str]]:
    """`assembly show roster` in a process of its own: what it printed, and its last line."""
    done = subprocess.run(
        [sys.executable, "-c", SHOW],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=True,
    )
    *shown, last = done.stdout.strip().splitlines()
    return json.loads(last), shown


def test_given_read_models_at_the_log_s_end_when_shown_then_neither_nats_nor_sqlalchemy_loads(
    home, capsys
) -> None:
    assert run(["show", "roster"]) == 0  # brings the read models up to the log
    capsys.readouterr()

    outcome, shown = _cold_show()

    assert outcome == {"code": 0, "nats": False, "sqlalchemy": False}
    assert json.loads(shown[-1])["members"] == []


def test_given_an_act_since_when_shown_then_the_read_models_catch_up_first(home, capsys) -> None:
    assert run(["show", "roster"]) == 0
    assert run(["member", "accept", "ele-007", "--at", AT]) == 0
    capsys.readouterr()

    outcome, shown = _cold_show()

    assert outcome == {"code": 0, "nats": True, "sqlalchemy": True}
    assert [m["member"] for m in json.loads(shown[-1])["members"]] == ["ele-007"]


def test_given_the_embedded_server_when_asked_how_far_the_log_goes_then_its_last_sequence(
    home, capsys
) -> None:
    settings = Settings.from_env()
    assert run(["--json", "member", "accept", "ele-001", "--at", AT]) == 0
    position = last_json(capsys)["position"]
    engine = engine_for(settings)

    try:
        assert last_sequence(settings) == position
        assert not caught_up(engine, position)
        assert run(["show", "roster"]) == 0
        assert caught_up(engine, position)
        assert not caught_up(engine, position + 1)
    finally:
        engine.dispose()
