"""``assembly export open-data DIR``: the public read models, documented, without personal data."""

from __future__ import annotations

import csv
import json
import re

from services.entrypoints.cli.main import run
from tests.projections.test_projections_cli import year_cli

__all__ = ["year_cli"]

PSEUDONYM = re.compile(r"\b(ele|res|min)-r?\d{3}\b")


def test_given_a_year_when_exported_then_csv_json_and_documented_columns(
    year_cli, tmp_path, capsys
) -> None:
    out = tmp_path / "open-data"

    code = run(["--json", "export", "open-data", str(out)])

    assert code == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["rows"]
    package = json.loads((out / "datapackage.json").read_text())
    for resource in package["resources"]:
        name = resource["name"]
        with (out / f"{name}.csv").open(encoding="utf-8") as f:
            header, *lines = list(csv.reader(f))
        documented = [field["name"] for field in resource["schema"]["fields"]]
        assert header == documented, name
        assert all(field["description"] for field in resource["schema"]["fields"]), name
        assert len(lines) == len(json.loads((out / f"{name}.json").read_text())) == rows[name]
    assert rows["ballots"] > 10 and rows["timeline"] > 100 and rows["recommendations"] == 3


def test_given_a_year_when_exported_then_no_pseudonym_and_no_actor_anywhere(
    year_cli, tmp_path
) -> None:
    out = tmp_path / "open-data"

    assert run(["export", "open-data", str(out)]) == 0

    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not PSEUDONYM.search(text), (path.name, PSEUDONYM.search(text))
        assert "@paris.fr" not in text, path.name


def test_given_json_after_the_subcommand_when_exported_then_the_same_json_as_before_it(
    year_cli, tmp_path, capsys
) -> None:
    assert run(["--json", "export", "open-data", str(tmp_path / "before")]) == 0
    before = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    code = run(["export", "open-data", str(tmp_path / "after"), "--json"])

    after = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert {**after, "directory": None} == {**before, "directory": None}


def test_given_a_file_where_the_folder_should_be_when_exported_then_refused_before_reading(
    year_cli, tmp_path, monkeypatch, capsys
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    monkeypatch.setenv("NATS_URL", "nats://127.0.0.1:1")  # never reached: the folder comes first

    code = run(["export", "open-data", str(tmp_path / "afile" / "sub")])

    err = capsys.readouterr().err
    assert code == 2
    assert f"{tmp_path / 'afile'} is a file, not a folder" in err
    assert "NATS" not in err and "Traceback" not in err
