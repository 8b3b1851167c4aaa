"""Importing the organisers' CSV: every error reported with row and column, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.adapters.registry import Pseudonym, RespondentRow
from services.application.pool.csv import COLUMNS, RowError, import_csv, read_people

HEADER = ",".join(COLUMNS)
ALICE = "A1,Alice,Martin,3 rue Oberkampf,75011,alice@example.org,,f,25-34,bac+5,11,electoral-rolls"
BRUNO = "B2,Bruno,Petit,9 rue Nationale,75013,,0600000000,m,65+,none,13,non-eu-residents"
CLARA = "C3,Clara,Roux,1 rue du Bac,75007,,,x,16-17,none,7,minors"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "pool.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(RespondentRow)) or 0


def test_given_a_clean_file_when_importing_then_everyone_gets_a_pseudonym(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER, ALICE, BRUNO, CLARA)

    report = import_csv(path, session)

    assert report.errors == []
    assert report.imported == 3
    assert all(p.startswith("p-") and len(p) == 18 for p in report.pseudonyms)
    alice = session.scalars(select(RespondentRow).where(RespondentRow.person_id == "A1")).one()
    assert (alice.entry.arrondissement, alice.entry.education) == ("11", "bac+5")
    assert len(alice.salt) == 32


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        (ALICE.replace(",f,", ",F,"), "gender", "'F' is not one of f, m, x"),
        (ALICE.replace("25-34", "30-40"), "age_band", "'30-40' is not one of"),
        (ALICE.replace("bac+5", "phd"), "education", "'phd' is not one of"),
        (ALICE.replace(",11,", ",21,"), "arrondissement", "'21' is not one of"),
        (ALICE.replace("electoral-rolls", "tourists"), "subpool", "'tourists' is not one of"),
        (ALICE.replace("electoral-rolls", "minors"), "subpool", "does not fit age band 25-34"),
        (CLARA.replace("minors", "electoral-rolls"), "subpool", "does not fit age band 16-17"),
        (ALICE.replace("Alice", ""), "first_name", "required, empty"),
        (ALICE.replace("3 rue Oberkampf", ""), "address", "required, empty"),
        (ALICE.replace("75011", "7511"), "postcode", "is not five digits"),
        (ALICE.replace("alice@example.org", "alice"), "email", "is not an e-mail address"),
    ],
)
def test_each_wrong_cell_is_named_by_row_and_column(
    tmp_path: Path, line: str, column: str, reason: str
) -> None:
    path = write(tmp_path, HEADER, BRUNO, line)

    _, errors = read_people(path)

    assert [(e.row, e.column) for e in errors] == [(3, column)]
    assert reason in errors[0].reason


def test_every_error_of_the_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, ALICE.replace(",f,", ",w,"), BRUNO, CLARA.replace(",7,", ",0,"))

    _, errors = read_people(path)

    assert errors == [
        RowError(2, "gender", "'w' is not one of f, m, x"),
        RowError(4, "arrondissement", "'0' is not one of " + ", ".join(map(str, range(1, 21)))),
    ]


def test_a_repeated_person_id_or_name_and_address_is_a_duplicate(tmp_path: Path) -> None:
    same_id = BRUNO.replace("Bruno,Petit", "Bruna,Petite")
    same_person = "Z9,  ALICE , martin,3 Rue  Oberkampf,75011,,,f,25-34,bac+5,11,electoral-rolls"
    path = write(tmp_path, HEADER, ALICE, BRUNO, same_id, same_person)

    _, errors = read_people(path)

    assert errors == [
        RowError(4, "person_id", "same person_id as row 3"),
        RowError(5, "last_name", "same name and address as row 2"),
    ]


def test_a_missing_column_is_reported_on_the_header(tmp_path: Path) -> None:
    header = HEADER.replace(",education", "")
    path = write(tmp_path, header, ALICE)

    _, errors = read_people(path)

    assert errors == [RowError(1, "education", "column missing from the header")]


def test_given_one_wrong_row_when_importing_then_nothing_is_imported(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER, ALICE, BRUNO, CLARA.replace(",x,", ",?,"))

    report = import_csv(path, session)

    assert report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(4, "gender")]
    assert count(session) == 0
    assert session.scalar(select(func.count()).select_from(Pseudonym)) == 0


def test_given_someone_already_registered_when_importing_again_then_refused(
    session: Session, tmp_path: Path
) -> None:
    import_csv(write(tmp_path, HEADER, ALICE), session)

    report = import_csv(write(tmp_path, HEADER, BRUNO, ALICE.replace("A1", "A9")), session)

    assert report.errors == [
        RowError(3, "last_name", "same name and address already in the registry")
    ]
    assert count(session) == 1


def test_a_semicolon_file_with_a_bom_and_padded_arrondissement_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    line = ALICE.replace(",11,", ",05,").replace(",", ";")
    path.write_text("\ufeff" + HEADER.replace(",", ";") + "\n" + line + "\n", encoding="utf-8")

    people, errors = read_people(path)

    assert errors == []
    assert people[0][1].criteria["arrondissement"] == "5"
