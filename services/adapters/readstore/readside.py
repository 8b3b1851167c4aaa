"""The read side as the CLI uses it: the engine from the settings, the projector, clear errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from services.adapters.readstore.batch import ProjectionError
from services.adapters.readstore.database import DatabaseUnusable, database_url, open_engine
from services.config import Settings

if TYPE_CHECKING:  # the projector, and the event store it reads, are imported when used: a
    # reader of read models that already hold the log's last event needs neither
    from commands.application import AssemblyRecord
    from services.adapters.readstore.runner import Projector


def engine_for(settings: Settings) -> Engine:
    return open_engine(database_url(settings))


def described(engine: Engine) -> str:
    """The database, for people: the SQLite file, or the URL without its password."""
    if engine.dialect.name == "sqlite":
        return f"SQLite {engine.url.database}"
    return engine.url.render_as_string(hide_password=True)


def log_head(app: AssemblyRecord) -> int:
    """The position of the log's last event (0 for an empty log): reading it proves the
    event store answers, before anything is changed on the strength of it."""
    return app.recorder.max_notification_id() or 0


def projector(engine: Engine, app: AssemblyRecord, batch: int | None = None) -> Projector:
    from services.adapters.readstore.runner import Projector  # noqa: PLC0415
    from services.adapters.readstore.source import LogSource  # noqa: PLC0415

    source = LogSource(app)
    return Projector(engine, source) if batch is None else Projector(engine, source, batch=batch)


@contextmanager
def read_side_errors(settings: Settings) -> Iterator[None]:
    """The read side's failures as one sentence each (exit 2), never a traceback."""
    where = "DATABASE_URL" if settings.database_url else f"{settings.home}"
    fix = (
        "point DATABASE_URL at a file in a folder you can write"
        if settings.database_url
        else "set ASSEMBLY_HOME to a folder you can write"
    )
    try:
        yield
    except DatabaseUnusable as e:
        raise click.ClickException(f"{e}: {fix}") from e
    except ProjectionError as e:
        raise click.ClickException(f"the read models cannot follow the log: {e}") from e
    except OperationalError as e:
        raise click.ClickException(
            f"the read models' database cannot be used ({where}): {_first_line(e.orig)}"
        ) from e
    except SQLAlchemyError as e:
        raise click.ClickException(
            f"the read models' database refused ({where}): {_first_line(e)}"
        ) from e
    except Exception as e:
        if not _not_caught_up(e):
            raise
        raise click.ClickException(str(e)) from e


def _not_caught_up(e: Exception) -> bool:
    """Whether the projector gave up waiting (it can only have if it was imported)."""
    runner = sys.modules.get("services.adapters.readstore.runner")
    return runner is not None and isinstance(e, runner.NotCaughtUp)


def _first_line(error: BaseException | None) -> str:
    """A driver's message without its hints on further lines (psycopg adds "Is the server
    running...?" on a second, tab-indented line), nor SQLAlchemy's SQL and links."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
