"""The organisers' list of volunteers, as a CSV file: read, checked, imported whole or not at all.

Columns (a header row naming them, in any order; UTF-8, a BOM tolerated;
comma- or semicolon-separated; spaces around a value are ignored):

===============  ==========================================================
person_id        the organiser's own reference for the person; unique
first_name       required
last_name        required
address          street address in Paris; required
postcode         five digits; required
email            optional; when given it must contain "@"
phone            optional
gender           one of the charter's values (its vocabulary, core.vocabulary)
age_band         one of the charter's values
education        one of the charter's values (INSEE's diploma levels for Paris)
arrondissement   one of the charter's values (leading zeros accepted: "05" is the 5th)
subpool          one of the charter's sub-pools; "minors" exactly for age band 16-17
===============  ==========================================================

The allowed values are the charter's data: those of the assembly the pool is for, or the
Paris default (core.vocabulary.PARIS); ``assembly pool schema`` prints them.

A cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is refused, but for a phone number of digits starting with ``+``;
so are control characters and cells over 200 characters. Texts are stored in Unicode NFC.

Rows are numbered as a spreadsheet shows them: the header is row 1. Every wrong
cell is reported as (row, column, reason); so is a second row with the same
person_id, or with the same first name, last name, address and postcode (case
and spacing ignored) as an earlier row or someone already in the registry.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.vocabulary import PARIS, Vocabulary
from services.adapters import registry
from services.adapters.registry import Person
from services.application.spreadsheet import formula_like

# The personal columns (kept in the erasable registry, never on the log), with what each holds.
PERSONAL: dict[str, str] = {
    "person_id": "your own reference for the person; unique",
    "first_name": "required (prénom)",
    "last_name": "required (nom)",
    "address": "street address in Paris; required (adresse)",
    "postcode": "five digits; required (code postal)",
    "email": "optional; when given it must contain @ (courriel)",
    "phone": "optional (téléphone)",
}
COLUMNS = (*PERSONAL, *registry.COLUMNS, "subpool")
OPTIONAL = frozenset({"email", "phone"})
MINORS = "minors"
MINOR_AGE_BAND = "16-17"
_POSTCODE = re.compile(r"\d{5}")
_PHONE = re.compile(r"\+?[0-9][0-9 .()-]{5,24}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CELL_MAX = 200  # a name, an address or an e-mail address fits in 200 characters


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    """Either the pseudonyms given to every imported person, or every error and nothing imported."""

    pseudonyms: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.pseudonyms)


def read_people(
    path: Path, vocabulary: Vocabulary = PARIS
) -> tuple[list[tuple[int, Person]], list[RowError]]:
    """Parse and check the whole file, in the words of ``vocabulary``: the valid people with
    their row, and every error."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:  # found by tests/fuzz: was a traceback
        return [], [RowError(1, "(file)", f"not UTF-8 text (byte {e.start}): save it as UTF-8")]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, c, "column missing from the header") for c in missing]
    reader.fieldnames = header
    people: list[tuple[int, Person]] = []
    errors: list[RowError] = []
    for raw in reader:
        row_number = reader.line_num
        if None in raw:
            errors.append(RowError(row_number, "(row)", "more cells than columns in the header"))
        hygiene = _hygiene(row_number, raw)
        cells = {c: unicodedata.normalize("NFC", (raw.get(c) or "").strip()) for c in COLUMNS}
        person, row_errors = _person(row_number, cells, vocabulary)
        errors.extend(hygiene or row_errors)
        if hygiene:
            continue
        if person is not None:
            people.append((row_number, person))
    errors.extend(_duplicates(people))
    return people, sorted(errors)


def import_csv(path: Path, session: Session, vocabulary: Vocabulary = PARIS) -> ImportReport:
    """``assembly pool import FILE.csv``: all rows, or none if any row is wrong.

    Also refuses people already in the registry (same person_id, or same name and
    address). The caller commits the session when the report has no errors.
    """
    try:
        registry.holds(vocabulary)
        people, errors = read_people(path, vocabulary)
    except csv.Error as e:  # e.g. a cell over the csv module's size limit: was a traceback
        return ImportReport(errors=[RowError(1, "(file)", f"cannot be read as CSV: {e}")])
    errors = sorted(errors + _already_registered(session, people))
    if errors:
        return ImportReport(errors=errors)
    return ImportReport(
        pseudonyms=registry.add(session, [person for _, person in people], vocabulary)
    )


def _person(
    row: int, cells: dict[str, str], vocabulary: Vocabulary
) -> tuple[Person | None, list[RowError]]:
    allowed_values = vocabulary.allowed()
    errors = [
        RowError(row, c, "required, empty") for c in COLUMNS if c not in OPTIONAL and not cells[c]
    ]
    arrondissement = cells["arrondissement"]
    if arrondissement.isdigit():
        arrondissement = str(int(arrondissement))
    criteria = {name: cells[name] for name in allowed_values} | {"arrondissement": arrondissement}
    for name, allowed in allowed_values.items():
        if criteria[name] and criteria[name] not in allowed:
            errors.append(RowError(row, name, f"{cells[name]!r} is not one of {_list(allowed)}"))
    subpool = cells["subpool"]
    if subpool and subpool not in vocabulary.subpools:
        reason = f"{subpool!r} is not one of {_list(vocabulary.subpools)}"
        errors.append(RowError(row, "subpool", reason))
    elif subpool and _misfiled(subpool, criteria["age_band"], allowed_values["age_band"]):
        reason = f"{subpool!r} does not fit age band {criteria['age_band']}"
        errors.append(RowError(row, "subpool", reason))
    if cells["postcode"] and not _POSTCODE.fullmatch(cells["postcode"]):
        errors.append(RowError(row, "postcode", f"{cells['postcode']!r} is not five digits"))
    if cells["email"] and "@" not in cells["email"]:
        errors.append(RowError(row, "email", f"{cells['email']!r} is not an e-mail address"))
    if errors:
        return None, errors
    return Person(
        person_id=cells["person_id"],
        first_name=cells["first_name"],
        last_name=cells["last_name"],
        address=cells["address"],
        postcode=cells["postcode"],
        email=cells["email"] or None,
        phone=cells["phone"] or None,
        subpool=subpool,
        criteria=criteria,
    ), []


def _hygiene(row: int, raw: dict[str | None, str | list[str] | None]) -> list[RowError]:
    """Cells a spreadsheet would run, control characters and overlong cells: refused, so
    that nobody's formula reaches the registry or a file written from it."""
    errors = []
    for column in COLUMNS:
        value = raw.get(column)
        if not isinstance(value, str):
            continue
        cell = value.strip(" ")
        if column == "phone" and _PHONE.fullmatch(cell.strip()):
            pass  # "+33 6 12 34 56 78": a phone legitimately starts with "+"
        elif formula_like(cell):
            start = {"\t": "a tab", "\r": "a carriage return"}.get(cell[:1], f"“{cell[:1]}”")
            reason = (
                f"starts with {start}, which a spreadsheet runs as a formula: "
                "remove it, or start the cell with a letter or a digit"
            )
            errors.append(RowError(row, column, reason))
            continue
        control = _CONTROL.search(cell.strip())
        if control is not None:
            code = f"U+{ord(control.group()):04X}"
            errors.append(RowError(row, column, f"holds the control character {code}: remove it"))
        elif len(cell.strip()) > CELL_MAX:
            reason = f"has {len(cell.strip()):,} characters, over the limit of {CELL_MAX}"
            errors.append(RowError(row, column, reason))
    return errors


def _misfiled(subpool: str, age_band: str, age_bands: tuple[str, ...]) -> bool:
    """Minors are exactly the 16-17 age band; an unknown age band is reported on its own."""
    if age_band not in age_bands:
        return False
    return (subpool == MINORS) != (age_band == MINOR_AGE_BAND)


def _duplicates(people: list[tuple[int, Person]]) -> list[RowError]:
    errors = []
    by_id: dict[str, int] = {}
    by_name: dict[tuple[str, ...], int] = {}
    for row, person in people:
        if person.person_id in by_id:
            errors.append(
                RowError(row, "person_id", f"same person_id as row {by_id[person.person_id]}")
            )
        else:
            by_id[person.person_id] = row
        key = _identity(person.first_name, person.last_name, person.address, person.postcode)
        if key in by_name:
            errors.append(
                RowError(row, "last_name", f"same name and address as row {by_name[key]}")
            )
        else:
            by_name[key] = row
    return errors


def _already_registered(session: Session, people: list[tuple[int, Person]]) -> list[RowError]:
    if not people:
        return []
    ids = {p.person_id for _, p in people}
    known_ids = set(
        session.scalars(
            select(registry.RespondentRow.person_id).where(
                registry.RespondentRow.person_id.in_(ids)
            )
        )
    )
    known_names = {
        _identity(*r)
        for r in session.execute(
            select(
                registry.RespondentRow.first_name,
                registry.RespondentRow.last_name,
                registry.RespondentRow.address,
                registry.RespondentRow.postcode,
            ).where(registry.RespondentRow.postcode.in_({p.postcode for _, p in people}))
        )
    }
    errors = []
    for row, person in people:
        if person.person_id in known_ids:
            errors.append(RowError(row, "person_id", "already in the registry"))
        key = _identity(person.first_name, person.last_name, person.address, person.postcode)
        if key in known_names:
            errors.append(
                RowError(row, "last_name", "same name and address already in the registry")
            )
    return errors


def _identity(*parts: str) -> tuple[str, ...]:
    return tuple(" ".join(p.casefold().split()) for p in parts)


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)
