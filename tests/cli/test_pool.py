"""`assembly pool`: synthesise, import all-or-nothing, commit, erase without moving the root."""

from __future__ import annotations

import json

from services.adapters import registry
from services.config import Settings
from services.entrypoints.cli.main import run


def _out(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_a_synthetic_pool_when_imported_and_one_erased_then_the_commitment_holds(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    file = tmp_path / "pool.csv"
    assert run(["pool", "synth", "--size", "60", "--seed", "t", "--out", str(file)]) == 0
    assert run(["--json", "pool", "import", str(file)]) == 0
    assert _out(capsys)["imported"] == 60
    assert run(["--json", "pool", "commitment"]) == 0
    before = _out(capsys)

    with registry.open_from_settings(Settings.from_env())() as session:
        someone = registry.pool(session)[0].respondent.pseudonym
    assert run(["pool", "erase", someone]) == 0
    assert run(["--json", "pool", "commitment"]) == 0

    assert _out(capsys)["root"] == before["root"]


def test_given_the_same_file_twice_when_imported_then_refused_and_nothing_added(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    file = tmp_path / "pool.csv"
    run(["pool", "synth", "--size", "10", "--seed", "t", "--out", str(file)])
    run(["pool", "import", str(file)])

    code = run(["pool", "import", str(file)])

    assert code == 2
    assert "nothing was imported" in capsys.readouterr().err
    assert run(["--json", "pool", "commitment"]) == 0
    assert _out(capsys)["size"] == 10


def test_given_a_database_url_of_another_kind_when_the_pool_is_read_then_refused_clearly(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DATABASE_URL", "mysql://someone@localhost/pool")

    code = run(["pool", "commitment"])

    err = capsys.readouterr().err
    assert code == 2
    assert "DATABASE_URL starts with 'mysql://'" in err and "Traceback" not in err
