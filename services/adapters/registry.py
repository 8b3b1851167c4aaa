"""The erasable registry: who the respondents are, kept apart from the log.

Two tables in a MetaData of their own. ``pseudonym`` holds what the log may
know and what survives erasure: the pseudonym, the sub-pool, the four criteria
and the salted commitment (hex). ``respondent`` holds the personal data (name,
postal address, contact, the organiser's reference) and the salt; erasure
deletes that row, and with the salt gone the commitment binds nothing that
leads back to the person. The respondent row reads its criteria through its
pseudonym row, so the criteria are stored once.

The database is ``REGISTRY_DATABASE_URL``, else ``DATABASE_URL`` (PostgreSQL:
``postgresql://user@host/db``, used through psycopg 3), else SQLite at
``$ASSEMBLY_HOME/registry.sqlite``, created owner-only (0600). Tables are created on
first use. SQLite runs with ``secure_delete`` on, so an erased row is overwritten in
the file, not merely unlinked. PostgreSQL keeps dead rows until VACUUM: run it after
erasures.

Holding the registry's access is the registry's role: its own ``REGISTRY_DATABASE_URL``
(a database, or a PostgreSQL role owning these tables, whose credentials only the
clerk's office holds: the projection worker and the subscribers never get them), or
the SQLite file's owner. ``assembly member contacts`` reads personal data only there.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ForeignKey,
    LargeBinary,
    MetaData,
    String,
    create_engine,
    event,
    or_,
    select,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)

from core.errors import DomainError
from core.pool import SALT_SIZE, Committed, PoolCommitment, Respondent, commit
from core.pool import pool_commitment as commit_pool
from core.vocabulary import PARIS, Vocabulary
from services.adapters.readstore.database import checked_url
from services.config import Settings

# The criteria the registry has a column for: those of the Paris vocabularies (PARIS_V1 and
# PARIS). A charter naming other criteria needs a column for each here first.
COLUMNS = ("gender", "age_band", "education", "arrondissement")


class UnknownRespondent(DomainError):
    rule = "respondent-known"


class VocabularyNotHeld(DomainError):
    rule = "registry-columns"


def holds(vocabulary: Vocabulary) -> None:
    """The registry keeps one column per criterion: a vocabulary with others cannot be kept."""
    names = tuple(c.name for c in vocabulary.criteria)
    if sorted(names) != sorted(COLUMNS):
        raise VocabularyNotHeld(
            f"the registry holds the criteria {', '.join(COLUMNS)}, not {', '.join(names)}"
        )


class Base(DeclarativeBase):
    metadata = MetaData()


class Pseudonym(Base):
    """What outlives erasure: enough for the draw and the audit, nothing personal."""

    __tablename__ = "pseudonym"

    pseudonym: Mapped[str] = mapped_column(String(32), primary_key=True)
    subpool: Mapped[str] = mapped_column(String(32))
    gender: Mapped[str] = mapped_column(String(8))
    age_band: Mapped[str] = mapped_column(String(8))
    education: Mapped[str] = mapped_column(String(16))
    arrondissement: Mapped[str] = mapped_column(String(2))
    commitment: Mapped[str] = mapped_column(String(64))  # hex of the 32-byte commitment

    def respondent(self) -> Respondent:
        return Respondent(
            pseudonym=self.pseudonym,
            subpool=self.subpool,
            criteria={name: getattr(self, name) for name in COLUMNS},
        )


class RespondentRow(Base):
    """A person who volunteered: erased on request, row and salt together."""

    __tablename__ = "respondent"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pseudonym: Mapped[str] = mapped_column(
        ForeignKey("pseudonym.pseudonym"), unique=True, index=True
    )
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500))
    postcode: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    salt: Mapped[bytes] = mapped_column(LargeBinary(SALT_SIZE))

    entry: Mapped[Pseudonym] = relationship()


@dataclass(frozen=True)
class Person:
    """One row of the organisers' list, validated, before it has a pseudonym."""

    person_id: str
    first_name: str
    last_name: str
    address: str
    postcode: str
    email: str | None
    phone: str | None
    subpool: str
    criteria: dict[str, str]


def database_url(settings: Settings) -> str:
    """REGISTRY_DATABASE_URL, else DATABASE_URL, checked as the read models' is, else the data
    folder's own file."""
    if settings.registry_database_url:
        return checked_url(settings.registry_database_url, "REGISTRY_DATABASE_URL")
    if settings.database_url:
        return checked_url(settings.database_url)
    return f"sqlite:///{settings.home / 'registry.sqlite'}"


def open_registry(url: str, **engine_options: Any) -> sessionmaker[Session]:
    """An engine on ``url`` with the registry's tables created if missing (a new SQLite file
    owner-only: it holds personal data)."""
    if url.startswith("sqlite:///"):
        file = Path(url.removeprefix("sqlite:///"))
        file.parent.mkdir(parents=True, exist_ok=True)
        if not file.exists():
            os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite takes it as empty
    engine = create_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _secure_delete)
    Base.metadata.create_all(engine)
    return sessionmaker(engine)


def open_from_settings(settings: Settings) -> sessionmaker[Session]:
    return open_registry(database_url(settings))


def add(session: Session, people: Iterable[Person], vocabulary: Vocabulary = PARIS) -> list[str]:
    """Give each person a fresh pseudonym and salt, store both sides; returns the pseudonyms.
    The commitment is taken in the words of the charter the pool is for (``vocabulary``)."""
    holds(vocabulary)
    pseudonyms = []
    for person in people:
        pseudonym = _fresh_pseudonym(session)
        salt = secrets.token_bytes(SALT_SIZE)
        respondent = Respondent(
            pseudonym=pseudonym, subpool=person.subpool, criteria=person.criteria
        )
        entry = Pseudonym(
            pseudonym=pseudonym,
            subpool=person.subpool,
            commitment=commit(respondent, salt, vocabulary).hex(),
            **{name: person.criteria[name] for name in COLUMNS},
        )
        session.add(entry)
        session.add(
            RespondentRow(
                person_id=person.person_id,
                pseudonym=pseudonym,
                first_name=person.first_name,
                last_name=person.last_name,
                address=person.address,
                postcode=person.postcode,
                email=person.email,
                phone=person.phone,
                salt=salt,
                entry=entry,
            )
        )
        session.flush()
        pseudonyms.append(pseudonym)
    return pseudonyms


def erase(session: Session, who: str) -> str:
    """Delete a respondent's personal data and salt, by their reference or their pseudonym.

    The pseudonym, criteria and commitment stay: the draw and the audit still
    stand. Erasing someone already erased is a no-op; returns the pseudonym.
    """
    row = session.scalars(
        select(RespondentRow).where(
            or_(RespondentRow.person_id == who, RespondentRow.pseudonym == who)
        )
    ).first()
    if row is not None:
        pseudonym = row.pseudonym
        session.delete(row)
        session.flush()
        return pseudonym
    if session.get(Pseudonym, who) is not None:
        return who
    raise UnknownRespondent(f"no respondent {who!r} (neither a person_id nor a pseudonym)")


def pool(session: Session) -> list[Committed]:
    """Every pseudonym with its criteria and stored commitment, in pseudonym order."""
    entries = session.scalars(select(Pseudonym).order_by(Pseudonym.pseudonym))
    return [
        Committed(respondent=e.respondent(), commitment=bytes.fromhex(e.commitment))
        for e in entries
    ]


def pool_commitment(session: Session, vocabulary: Vocabulary = PARIS) -> PoolCommitment:
    return commit_pool(pool(session), vocabulary)


def _fresh_pseudonym(session: Session) -> str:
    while True:
        candidate = "p-" + secrets.token_hex(8)
        if session.get(Pseudonym, candidate) is None:
            return candidate


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
