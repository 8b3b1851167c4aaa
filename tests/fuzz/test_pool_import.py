"""The pool of volunteers from CSV: arbitrary bytes or a good file bent, parsed without a
traceback; ``assembly pool import`` imports all rows or none, and never touches the log."""

from __future__ import annotations

import csv
import io

from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from services.adapters import registry
from services.application.pool.csv import COLUMNS, read_people
from services.config import Settings
from tests.fuzz.refusals import FUZZ, check
from tests.fuzz.world import cli

NEAR = st.sampled_from(
    ["", " ", "75011", "7501", "f", "m", "x", "16-17", "25-34", "minors", "electoral-rolls",
     "05", "0", "21", "a@b", "ab", "\x00", "é", "\ufeff", ";", ",", '"', "\n",
     "=1+1", "+33 6 12 34 56 78", "+cmd", "-2", "@SUM(A1)", "\t=1", "\r=1", "e\u0301"]
)  # fmt: skip
CELL = st.one_of(NEAR, st.text(max_size=10))


def _people() -> int:
    sessions = registry.open_from_settings(Settings.from_env())
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(registry.RespondentRow)) or 0)


def _good_rows(world) -> list[dict[str, str]]:
    good = world.home / "synth.csv"
    if not good.exists():
        assert cli(["pool", "synth", "--size", "3", "--seed", "fuzz", "--out", str(good)]).code == 0
    return list(csv.DictReader(io.StringIO(good.read_text(encoding="utf-8"))))


@st.composite
def bent_csv(draw, rows: list[dict[str, str]]) -> bytes:
    columns = list(COLUMNS)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))[
            : draw(st.integers(len(columns) - 2, len(columns)))
        ]
    chosen = [dict(r) for r in rows[: draw(st.integers(0, len(rows)))]]
    for _ in range(draw(st.integers(0, 3))):
        if chosen:
            row = draw(st.sampled_from(chosen))
            row[draw(st.sampled_from(columns))] = draw(CELL)
    if chosen and draw(st.booleans()):
        chosen.append(dict(draw(st.sampled_from(chosen))))  # a duplicate person
    out = io.StringIO()
    writer = csv.DictWriter(
        out, columns, extrasaction="ignore", delimiter=draw(st.sampled_from(",;"))
    )
    writer.writeheader()
    writer.writerows(chosen)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return out.getvalue().encode(encoding, errors="replace") + draw(st.binary(max_size=4))


@FUZZ
@given(data=st.binary(max_size=200))
def test_given_any_bytes_when_read_as_a_pool_then_people_or_row_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("pool") / "pool.csv"
    path.write_bytes(data)

    people, errors = read_people(path)

    assert people == [] or len(people) <= data.count(b"\n") + 1
    assert all(e.row >= 1 and e.reason for e in errors)


@FUZZ
@given(data=st.data())
def test_given_a_bent_pool_file_when_imported_then_all_rows_or_none(world, data) -> None:
    pool = world.home / "pool.csv"
    pool.write_bytes(data.draw(bent_csv(_good_rows(world))))
    before = _people()

    outcome = check(world, ["pool", "import", str(pool)])

    after = _people()
    event(f"exit {outcome.code}")
    assert outcome.code in (0, 2)
    assert after == before if outcome.code else after >= before


def test_given_a_cell_over_the_csv_size_limit_when_imported_then_refused_whole(world) -> None:
    pool = world.home / "huge.csv"
    pool.write_text(",".join(COLUMNS) + "\n" + '"' + "x" * 200_000 + '"' + ",a" * 11 + "\n")
    before = _people()

    outcome = check(world, ["pool", "import", str(pool)])

    assert (outcome.code, _people()) == (2, before)
    assert "cannot be read as CSV: field larger than field limit" in outcome.err


def test_given_a_latin_1_file_when_imported_then_told_to_save_it_as_utf_8(world) -> None:
    pool = world.home / "latin.csv"
    pool.write_bytes((",".join(COLUMNS) + "\nP1,Zoé\n").encode("latin-1"))

    outcome = check(world, ["pool", "import", str(pool)])

    assert outcome.code == 2
    assert "not UTF-8 text (byte" in outcome.err
