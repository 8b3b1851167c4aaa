"""The synthetic Paris pool: the same seed gives the same file; the margins, with their bias."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from services.application.pool.csv import read_people
from services.application.pool.synth import AGE_BANDS, ARRONDISSEMENTS, EDUCATION, rows, synth


def test_the_same_seed_writes_the_same_file(tmp_path: Path) -> None:
    synth(300, "paris-2026", tmp_path / "a.csv")
    synth(300, "paris-2026", tmp_path / "b.csv")
    synth(300, "paris-2027", tmp_path / "c.csv")

    a = (tmp_path / "a.csv").read_bytes()
    assert a == (tmp_path / "b.csv").read_bytes()
    assert a != (tmp_path / "c.csv").read_bytes()


def test_the_first_rows_do_not_depend_on_the_size() -> None:
    assert list(rows(50, "s")) == list(rows(200, "s"))[:50]


def test_the_file_passes_the_import_checks_and_is_obviously_fake(tmp_path: Path) -> None:
    synth(500, "check", tmp_path / "pool.csv")

    people, errors = read_people(tmp_path / "pool.csv")

    assert errors == []
    assert len(people) == 500
    assert people[41][1].first_name == "Résident"
    assert people[41][1].last_name == "00042"


@pytest.fixture(scope="module")
def big() -> list[dict[str, str]]:
    return list(rows(20_000, "margins"))


def share(pool: list[dict[str, str]], column: str, value: str) -> float:
    return Counter(r[column] for r in pool)[value] / len(pool)


def test_arrondissements_follow_their_populations(big: list[dict[str, str]]) -> None:
    total = sum(ARRONDISSEMENTS.values())

    for arrondissement, population in ARRONDISSEMENTS.items():
        assert share(big, "arrondissement", arrondissement) == pytest.approx(
            population / total, abs=0.01
        )


def test_women_are_a_little_over_half(big: list[dict[str, str]]) -> None:
    assert 0.50 < share(big, "gender", "f") < 0.55
    assert 0 < share(big, "gender", "x") < 0.02


def test_older_and_more_educated_residents_are_over_represented(
    big: list[dict[str, str]],
) -> None:
    population = sum(AGE_BANDS.values())

    assert share(big, "age_band", "65+") > AGE_BANDS["65+"] / population + 0.05
    assert share(big, "age_band", "18-24") < AGE_BANDS["18-24"] / population
    assert share(big, "education", "bac+5") > EDUCATION["bac+5"] / 1000
    assert share(big, "education", "none") < EDUCATION["none"] / 1000


def test_minors_and_non_eu_residents_have_their_sub_pools(big: list[dict[str, str]]) -> None:
    minors = [r for r in big if r["subpool"] == "minors"]

    assert minors
    assert all(r["age_band"] == "16-17" for r in minors)
    assert 0.05 < share(big, "subpool", "non-eu-residents") < 0.15
