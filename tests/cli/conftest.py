"""CLI tests run in-process against the test nats-server, each on a fresh stream."""

from __future__ import annotations

import pytest

from services.entrypoints.cli.main import run
from tests.cli.drawing import SMALL
from tests.cli.paris import AT, CONVENE, PANEL, PLENARY, SEATED
from tests.cli.record import acted, last_json


@pytest.fixture
def cli_env(stream_env, monkeypatch, tmp_path):
    for key, value in stream_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASSEMBLY_ID", raising=False)
    monkeypatch.delenv("ASSEMBLY_ACTOR", raising=False)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):  # English unless a test says French
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return stream_env


@pytest.fixture
def convened(cli_env, monkeypatch, capsys) -> str:
    """The Paris assembly, convened; ASSEMBLY_ID names it, as `convene` suggests."""
    assert run(["--json", *CONVENE]) == 0
    assembly_id = str(last_json(capsys)["assembly_id"])
    monkeypatch.setenv("ASSEMBLY_ID", assembly_id)
    return assembly_id


@pytest.fixture
def panel_received(convened, capsys) -> str:
    """...and its panel of 100 and 15 reserves received from tests/cli/data/paris-panel.json."""
    assert run(["panel", "receive", str(PANEL), "--at", AT]) == 0
    capsys.readouterr()
    return convened


@pytest.fixture
def seated(panel_received, capsys) -> str:
    """...four of its members seated (quorum: two present) and the discovery phase open."""
    for pseudonym in SEATED:
        assert run(["member", "accept", pseudonym, "--at", AT]) == 0
    assert run(["member", "seat", *SEATED, "--at", AT]) == 0
    assert run(["open-phase", "discovery", "--at", AT]) == 0
    capsys.readouterr()
    return panel_received


@pytest.fixture
def in_session(seated, capsys) -> str:
    """...and a plenary session open, the four seated present; its id."""
    session_id = str(acted(capsys, "session", *PLENARY)["session_id"])
    acted(capsys, "session", "open", session_id)
    acted(capsys, "session", "attend", session_id, *(f"{m}=present" for m in SEATED))
    return session_id


@pytest.fixture
def with_pool(cli_env, monkeypatch, tmp_path, capsys) -> str:
    """A small assembly (tests/cli/drawing.py) and a synthetic pool of 300 imported."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pool = tmp_path / "pool.csv"
    assert run(["pool", "synth", "--size", "300", "--seed", "cli", "--out", str(pool)]) == 0
    assert run(["pool", "import", str(pool)]) == 0
    assert run(["--json", *SMALL]) == 0
    assembly_id = str(last_json(capsys)["assembly_id"])
    monkeypatch.setenv("ASSEMBLY_ID", assembly_id)
    monkeypatch.setenv("ASSEMBLY_ACTOR", "clerk:greffe")
    return assembly_id
