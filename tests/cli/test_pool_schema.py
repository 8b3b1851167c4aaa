"""`assembly pool schema` and `pool import --help`: the pool's words, printed from the
vocabulary the import checks against (the charter's, or the Paris default)."""

from __future__ import annotations

import json

from core.vocabulary import PARIS
from services.entrypoints.cli.main import run
from tests.pool.test_import_csv import HEADER


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_no_assembly_when_the_schema_is_asked_then_the_paris_vocabulary(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))

    code = run(["--json", "pool", "schema"])

    shown = _json(capsys)
    assert code == 0
    assert shown["criteria"] == {c.name: list(c.values) for c in PARIS.criteria}
    assert shown["subpools"] == ["electoral-rolls", "non-eu-residents", "minors"]
    assert [c["name"] for c in shown["columns"]] == HEADER.split(",")
    education = next(c for c in shown["columns"] if c["name"] == "education")
    assert {"value": "cap-bep", "label": "CAP, BEP ou équivalent"} in education["values"]


def test_given_the_import_help_then_it_lists_every_column_and_value_of_paris(capsys) -> None:
    code = run(["pool", "import", "--help"])

    text = capsys.readouterr().out
    assert code == 0
    for column in HEADER.split(","):
        assert f"\n    {column} " in text
    for criterion in PARIS.criteria[:3]:
        for value in criterion.values:
            assert value in text
    assert "cap-bep  CAP, BEP ou équivalent" in text
    assert "non-eu-residents" in text


def test_given_an_assembly_when_its_schema_is_asked_then_its_charters_words(
    convened, capsys
) -> None:
    code = run(["--json", "pool", "schema", "--assembly", convened])

    shown = _json(capsys)
    assert code == 0
    assert shown["vocabulary_of"] == convened
    assert shown["criteria"]["education"] == list(PARIS.allowed()["education"])


def test_given_a_cap_bep_volunteer_when_imported_for_an_assembly_then_accepted(
    convened, tmp_path, capsys
) -> None:
    file = tmp_path / "pool.csv"
    row = "A1,Alice,Martin,3 rue Oberkampf,75011,,,f,25-34,cap-bep,11,electoral-rolls"
    file.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")

    code = run(["--json", "pool", "import", str(file), "--assembly", convened])

    assert code == 0
    assert _json(capsys)["imported"] == 1
