"""The erasable registry: personal data and salt go, pseudonym, criteria and commitment stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.pool import commit
from core.vocabulary import PARIS
from services.adapters.registry import (
    Pseudonym,
    RespondentRow,
    UnknownRespondent,
    database_url,
    erase,
    open_registry,
    pool_commitment,
)
from services.application.pool.csv import import_csv
from services.config import Settings
from tests.pool.test_import_csv import ALICE, BRUNO, CLARA, HEADER, write


def imported(session: Session, tmp_path: Path) -> list[str]:
    report = import_csv(write(tmp_path, HEADER, ALICE, BRUNO, CLARA), session)
    session.commit()
    return report.pseudonyms


def row(session: Session, person_id: str) -> RespondentRow | None:
    return session.scalars(
        select(RespondentRow).where(RespondentRow.person_id == person_id)
    ).one_or_none()


def test_the_stored_commitment_is_the_salted_commitment_of_pseudonym_and_criteria(
    session: Session, tmp_path: Path
) -> None:
    imported(session, tmp_path)

    alice = row(session, "A1")

    assert alice is not None
    assert alice.entry.commitment == commit(alice.entry.respondent(), alice.salt, PARIS).hex()


@pytest.mark.parametrize("by", ["person_id", "pseudonym"])
def test_given_a_respondent_when_erased_then_personal_data_and_salt_are_gone(
    session: Session, tmp_path: Path, by: str
) -> None:
    imported(session, tmp_path)
    alice = row(session, "A1")
    assert alice is not None
    pseudonym = alice.pseudonym

    erased = erase(session, "A1" if by == "person_id" else pseudonym)
    session.commit()

    assert erased == pseudonym
    assert row(session, "A1") is None
    kept = session.get(Pseudonym, pseudonym)
    assert kept is not None
    assert kept.respondent().criteria == {
        "gender": "f",
        "age_band": "25-34",
        "education": "bac+5",
        "arrondissement": "11",
    }


def test_the_pool_commitment_is_the_same_after_an_erasure(session: Session, tmp_path: Path) -> None:
    imported(session, tmp_path)
    before = pool_commitment(session)

    erase(session, "B2")
    session.commit()

    assert pool_commitment(session) == before
    assert before.size == 3
    assert before.counts["subpool"] == {"electoral-rolls": 1, "minors": 1, "non-eu-residents": 1}


def test_erasing_twice_is_a_no_op_and_a_stranger_is_refused(
    session: Session, tmp_path: Path
) -> None:
    imported(session, tmp_path)
    pseudonym = erase(session, "C3")

    assert erase(session, pseudonym) == pseudonym
    with pytest.raises(UnknownRespondent, match="nobody"):
        erase(session, "nobody")


def test_on_sqlite_the_erased_data_is_overwritten_in_the_file(tmp_path: Path) -> None:
    sessions = open_registry(f"sqlite:///{tmp_path / 'registry.sqlite'}")
    with sessions() as session:
        imported(session, tmp_path)
        erase(session, "A1")
        session.commit()
    sessions.kw["bind"].dispose()

    assert b"Oberkampf" not in (tmp_path / "registry.sqlite").read_bytes()


def test_the_registry_lives_under_assembly_home_unless_database_url_is_set(
    tmp_path: Path,
) -> None:
    home = Settings.from_env({"ASSEMBLY_HOME": str(tmp_path)})
    postgres = Settings.from_env({"DATABASE_URL": "postgresql://u@db/assembly"})

    assert database_url(home) == f"sqlite:///{tmp_path / 'registry.sqlite'}"
    assert database_url(postgres) == "postgresql+psycopg://u@db/assembly"
