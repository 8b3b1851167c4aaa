"""The CLI's read side on PostgreSQL, chosen by DATABASE_URL as an administrator sets it: the
tables land in the schema the URL names (``options=-csearch_path=...``), one per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from services.entrypoints.cli.main import run
from tests.cli.conftest import cli_env, convened, panel_received, seated
from tests.cli.paris import SEATED
from tests.projections.support import POSTGRES_URL, databases

__all__ = ["cli_env", "convened", "panel_received", "seated"]

pytestmark = pytest.mark.postgres


@pytest.fixture
def schema(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A schema of its own, dropped after; DATABASE_URL points the CLI at it."""
    with databases("postgres", tmp_path) as made:
        url, options = made.url_and_options()
        name = options["execution_options"]["schema_translate_map"][None]
        joiner = "&" if "?" in url else "?"
        monkeypatch.setenv("DATABASE_URL", f"{url}{joiner}options=-csearch_path%3D{name}")
        yield name
    assert name not in _tables_by_schema()


def _tables_by_schema() -> dict[str, set[str]]:
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT table_schema, table_name FROM information_schema.tables")
            )
            found: dict[str, set[str]] = {}
            for owner, table in rows:
                found.setdefault(owner, set()).add(table)
            return found
    finally:
        engine.dispose()


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_database_url_on_postgresql_when_rebuilt_then_status_and_roster_read_there(
    seated, schema, capsys
) -> None:
    assert run(["--json", "projections", "rebuild"]) == 0
    head = _json(capsys)["position"]

    assert run(["--json", "projections", "status"]) == 0
    status = _json(capsys)
    assert run(["show", "roster", "--status", "seated", "--json"]) == 0
    roster = _json(capsys)

    assert status["head"] == head
    assert all(p["position"] == head and p["lag"] == 0 for p in status["projections"])
    assert [m["member"] for m in roster["members"]] == list(SEATED)
    assert {"projection_positions", "roster", "timeline"} <= _tables_by_schema()[schema]
