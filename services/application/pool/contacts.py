"""The contact details of the drawn, read from the erasable registry for the clerk's look-up.

Read only: this module never creates a registry nor a table. A registry that is not where the
settings say, cannot be reached, may be read by others than its owner (a SQLite file), or does
not hold everyone asked for is refused whole (``RegistryUnusable``: the CLI exits 2), so the
clerk never gets part of a list thinking it whole.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from services.adapters.registry import Pseudonym, RespondentRow, UnknownRespondent, database_url
from services.config import Settings

TABLES = (Pseudonym.__tablename__, RespondentRow.__tablename__)


class RegistryUnusable(Exception):
    """The registry cannot be read as a whole where the settings say it is; the message says
    what to do."""


@dataclass(frozen=True)
class Contact:
    """How to reach one person drawn: what the organisers' list gave, as it gave it."""

    first_name: str
    last_name: str
    address: str
    postcode: str
    email: str | None
    phone: str | None


def where(settings: Settings) -> str:
    """The registry as a person would name it, never with its password."""
    if settings.registry_database_url:
        return "the registry at REGISTRY_DATABASE_URL"
    if settings.database_url:
        return "the registry at DATABASE_URL"
    return f"the registry {settings.home / 'registry.sqlite'}"


def open_for_reading(settings: Settings) -> sessionmaker[Session]:
    """The registry's sessions, once it is known to exist, to be its owner's alone (SQLite)
    and to hold the registry's tables."""
    url = database_url(settings)
    place = where(settings)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _owner_only(Path(parsed.database or ""), place)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    except SQLAlchemyError as e:
        engine.dispose()
        raise RegistryUnusable(f"{place} cannot be reached ({_reason(e)})") from None
    if not set(TABLES) <= tables:
        engine.dispose()
        raise RegistryUnusable(
            f"{place} holds no registry: import the pool there (`assembly pool import`), "
            "or point REGISTRY_DATABASE_URL at the registry the pool was drawn from"
        )
    return sessionmaker(engine)


def _owner_only(file: Path, place: str) -> None:
    if not file.is_file():
        raise RegistryUnusable(
            f"there is no registry here ({file}): import the pool first (`assembly pool import`), "
            "or set REGISTRY_DATABASE_URL to where it is"
        )
    if file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise RegistryUnusable(
            f"{place} may be read by others than its owner: `chmod 600 {file}`, "
            "since it holds personal data"
        )


def look_up(session: Session, pseudonyms: Sequence[str]) -> dict[str, Contact | None]:
    """Each pseudonym's contact, None for a person erased; every pseudonym must be in the
    registry (erased or not), else the registry is not the one the panel was drawn from."""
    asked = list(dict.fromkeys(pseudonyms))
    try:
        known = set(
            session.scalars(select(Pseudonym.pseudonym).where(Pseudonym.pseudonym.in_(asked)))
        )
        rows = session.scalars(select(RespondentRow).where(RespondentRow.pseudonym.in_(asked)))
        found = {r.pseudonym: _contact(r) for r in rows}
    except SQLAlchemyError as e:
        raise RegistryUnusable(_refused(e)) from None
    strangers = [p for p in asked if p not in known]
    if strangers:
        raise RegistryUnusable(
            f"{len(strangers)} of the {len(asked)} people asked for are not in this registry "
            f"(the first: {strangers[0]}): the panel was drawn from another; "
            "point REGISTRY_DATABASE_URL at that one"
        )
    return {p: found.get(p) for p in asked}


def pseudonyms_of(session: Session, person_ids: Sequence[str]) -> list[str]:
    """The pseudonym of each person id of the organisers' list, in the order given."""
    query = select(RespondentRow.person_id, RespondentRow.pseudonym).where(
        RespondentRow.person_id.in_(set(person_ids))
    )
    try:
        by_id = {person_id: pseudonym for person_id, pseudonym in session.execute(query)}
    except SQLAlchemyError as e:
        raise RegistryUnusable(_refused(e)) from None
    for person_id in person_ids:
        if person_id not in by_id:
            raise UnknownRespondent(
                f"no one has the person id {person_id} in the registry: "
                "check the id in your list (an erased person can no longer be found by it)"
            )
    return [by_id[p] for p in person_ids]


def _contact(row: RespondentRow) -> Contact:
    return Contact(
        first_name=row.first_name,
        last_name=row.last_name,
        address=row.address,
        postcode=row.postcode,
        email=row.email,
        phone=row.phone,
    )


def _reason(e: SQLAlchemyError) -> str:
    """The driver's first line (a host and a cause, never the URL's password)."""
    lines = str(getattr(e, "orig", None) or type(e).__name__).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def _refused(e: SQLAlchemyError) -> str:
    return (
        f"the registry refused to be read ({_reason(e)}): only its holder may read it; "
        "connect as the registry's role (REGISTRY_DATABASE_URL)"
    )
