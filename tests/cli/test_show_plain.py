"""`assembly show roster` on current default SQLite read models reads them with the stdlib's
sqlite3 (projections/plain.py); through SQLAlchemy (DATABASE_URL naming the very same file) the
scripted year's roster reads the same, byte for byte, in both languages and in --json."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from examples.paris_year import DEMO, paris_year
from projections.catalogue import READ_MODELS
from projections.plain import RECORDS, VERSIONS
from projections.timeline import RECORDS as TIMELINE_RECORDS
from services.adapters.readstore.plain import SQLITE_FILE, current_sqlite
from services.bootstrap import build_application
from services.config import Settings
from services.entrypoints.cli.main import run


def test_the_plain_reader_knows_every_read_model_at_its_version() -> None:
    assert {m.name: m.version for m in READ_MODELS} == VERSIONS
    assert RECORDS == TIMELINE_RECORDS


@pytest.fixture
def year(cli_env, monkeypatch, capsys) -> tuple[int, list[str]]:
    """The scripted year recorded, its read models brought up to the log: the log's last
    position, and a few members (one who withdrew, one who declined, one seated)."""
    app = build_application(Settings.from_env(), lambda _: None)
    try:
        story = paris_year(app, DEMO)
        state = app.assembly(story.assembly_id)
    finally:
        app.close()
    monkeypatch.setenv("ASSEMBLY_ID", str(story.assembly_id))
    assert run(["show", "roster"]) == 0
    capsys.readouterr()
    by_status = {m.status.value: m.pseudonym for m in state.members.values()}
    return story.position, [by_status[s] for s in ("withdrew", "declined", "seated")]


def _shown(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = run(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_given_the_scripted_year_when_the_roster_is_shown_then_both_paths_read_the_same(
    year, cli_env, monkeypatch, capsys, tmp_path
) -> None:
    position, members = year
    asked = [
        [],
        ["--status", "seated"],
        ["--status", "withdrew"],
        *(["--member", m] for m in members),
        ["--member", "nobody-such"],
    ]
    cases = [
        [*lang, *json, "show", "roster", *more, "--after", str(position)]
        for lang in (["--lang", "fr"], ["--lang", "en"])
        for json in ([], ["--json"])
        for more in asked
    ]

    plain = [_shown(capsys, argv) for argv in cases]
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'home' / SQLITE_FILE}")
    through_sqlalchemy = [_shown(capsys, argv) for argv in cases]

    assert plain == through_sqlalchemy
    assert [code for code, _, _ in plain].count(2) == 4  # nobody-such, each way of asking
    assert len(plain[0][1].splitlines()) > 100  # a head, and a line for each of the drawn


def test_given_a_table_the_stdlib_cannot_read_when_shown_then_the_usual_path_says_why(
    panel_received, capsys, tmp_path
) -> None:
    assert run(["show", "roster"]) == 0  # the read models brought up to the log
    with closing(sqlite3.connect(tmp_path / "home" / SQLITE_FILE)) as db:
        db.execute("DROP TABLE roster")
    found = current_sqlite(Settings.from_env(), 0)  # the positions still say all is current
    assert found is not None
    found.close()
    capsys.readouterr()

    code, out, err = _shown(capsys, ["show", "roster", "--after", "0"])

    assert (code, out) == (2, "")
    assert err.startswith("assembly: the read models' database cannot be used")
    assert "no such table: roster" in err and "Traceback" not in err
