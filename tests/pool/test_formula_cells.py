"""Cells a spreadsheet would run: refused when the pool is read, neutralised in every CSV the
project writes (services/application/spreadsheet.py)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from services.application import spreadsheet
from services.application.pool.csv import COLUMNS, RowError, read_people
from tests.pool.test_import_csv import ALICE, HEADER, write

ROOT = Path(__file__).resolve().parents[2]


def _alice(**cells: str) -> str:
    row = next(csv.DictReader(io.StringIO(HEADER + "\n" + ALICE)))
    writer_out = io.StringIO()
    csv.writer(writer_out, lineterminator="").writerow([{**row, **cells}[c] for c in COLUMNS])
    return writer_out.getvalue()


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"])
def test_given_a_formula_like_cell_when_read_then_refused_with_row_column_and_reason(
    tmp_path: Path, cell: str
) -> None:
    path = write(tmp_path, HEADER, _alice(first_name=cell))

    people, errors = read_people(path)

    assert people == []
    assert [(e.row, e.column) for e in errors] == [(2, "first_name")]
    assert "which a spreadsheet runs as a formula" in errors[0].reason


def test_given_a_phone_starting_with_plus_when_read_then_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, _alice(phone="+33 6 12 34 56 78"))

    people, errors = read_people(path)

    assert errors == []
    assert people[0][1].phone == "+33 6 12 34 56 78"


def test_given_a_phone_that_is_a_formula_when_read_then_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, _alice(phone="+33+HYPERLINK(1)"))

    _, errors = read_people(path)

    assert [e.column for e in errors] == ["phone"]


def test_given_a_control_character_or_an_overlong_cell_when_read_then_refused(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, HEADER, _alice(first_name="Al\x00ice", address="x" * 201))

    _, errors = read_people(path)

    assert errors == [
        RowError(2, "address", "has 201 characters, over the limit of 200"),
        RowError(2, "first_name", "holds the control character U+0000: remove it"),
    ]


def test_given_a_decomposed_name_when_read_then_stored_in_nfc(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, _alice(first_name="Zoe\u0301"))

    people, _ = read_people(path)

    assert people[0][1].first_name == "Zo\u00e9"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-x", "@a", "\tx", "\rx"])
def test_given_a_formula_like_text_when_written_then_prefixed_with_an_apostrophe(cell) -> None:
    out = io.StringIO()

    spreadsheet.writer(out).writerow([cell, -3, "ok"])

    assert next(csv.reader(io.StringIO(out.getvalue())))[0] == "'" + cell
    assert out.getvalue().split(",", 1)[1].startswith("-3,ok")


def test_given_the_sources_then_every_csv_the_project_writes_makes_its_cells_safe() -> None:
    """A CSV is written by ``spreadsheet.writer``, or by a ``csv.writer`` whose module passes
    the cells through ``safe_cell``."""
    raw = re.compile(r"csv\.(writer|DictWriter)\(")
    unsafe = [
        str(path.relative_to(ROOT))
        for folder in ("core", "commands", "projections", "services")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "spreadsheet.py"
        and raw.search(text := path.read_text(encoding="utf-8"))
        and "safe_cell(" not in text
    ]

    assert unsafe == []
