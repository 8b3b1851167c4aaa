"""The read side as the CLI uses it: the engine from the settings, the projector, clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from commands.application import AssemblyRecord
from services.config import Settings
from services.projections.batch import ProjectionError
from services.projections.database import database_url, open_engine
from services.projections.runner import NotCaughtUp, Projector
from services.projections.source import LogSource


def engine_for(settings: Settings) -> Engine:
    return open_engine(database_url(settings))


def described(engine: Engine) -> str:
    """The database, for people: the SQLite file, or the URL without its password."""
    if engine.dialect.name == "sqlite":
        return f"SQLite {engine.url.database}"
    return engine.url.render_as_string(hide_password=True)


def projector(engine: Engine, app: AssemblyRecord, batch: int | None = None) -> Projector:
    source = LogSource(app)
    return Projector(engine, source) if batch is None else Projector(engine, source, batch=batch)


@contextmanager
def read_side_errors(settings: Settings) -> Iterator[None]:
    """The read side's failures as one sentence each (exit 2), never a traceback."""
    where = "DATABASE_URL" if settings.database_url else f"{settings.home}"
    try:
        yield
    except NotCaughtUp as e:
        raise click.ClickException(str(e)) from e
    except ProjectionError as e:
        raise click.ClickException(f"the read models cannot follow the log: {e}") from e
    except OperationalError as e:
        raise click.ClickException(
            f"the read models' database cannot be used ({where}): {e.orig}"
        ) from e
    except SQLAlchemyError as e:
        raise click.ClickException(f"the read models' database refused ({where}): {e}") from e
