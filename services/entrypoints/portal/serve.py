"""The portal under uvicorn: the app over the read models the settings name, and, with
``follow``, the projection worker in a thread of the same process (one command for a demo;
in production the worker is its own service and the portal only reads)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from litestar import Litestar
from sqlalchemy import Engine, inspect, select

from projections.catalogue import READ_MODELS
from projections.schema import positions
from services.adapters.readstore.readside import engine_for, projector
from services.application.portal.proofs import PublishedLog
from services.application.portal.record import PublicRecord
from services.bootstrap import build_application
from services.config import Settings
from services.entrypoints.portal.app import create_app

log = logging.getLogger(__name__)
TILES = "ASSEMBLY_PORTAL_TILES"  # where the facts' proofs come from (`portal serve --tiles`)


class NotBuilt(Exception):
    """The read models' database has no read models yet."""


def checked(engine: Engine) -> Engine:
    """The engine, once its database is seen to hold the read models this code reads, at the
    version it reads them (reading only: the projection worker builds and rebuilds them)."""
    with engine.connect() as conn:
        schema = conn.get_execution_options().get("schema_translate_map", {}).get(None)
        if not inspect(conn).has_table(positions.name, schema=schema):
            raise NotBuilt(
                "the read models are not built in this database yet: run `assembly projections "
                "run` (or `assembly portal serve --follow`)"
            )
        versions = conn.execute(select(positions.c.name, positions.c.version))
        found = {name: version for name, version in versions}
    behind = [
        f"{m.name} v{found.get(m.name, 0)}" for m in READ_MODELS if found.get(m.name) != m.version
    ]
    if behind:
        raise NotBuilt(
            f"the read models here are not those this portal reads ({', '.join(behind)}): the "
            "projection worker rebuilds them when it starts (`assembly projections run`, or "
            "`assembly portal serve --follow`)"
        )
    return engine


def app_from_env() -> Litestar:
    """uvicorn's factory (``--workers``): every worker process builds its own app."""
    tiles = os.environ.get(TILES)
    return create_app(
        PublicRecord(checked(engine_for(Settings.from_env()))),
        published=PublishedLog(tiles) if tiles else None,
    )


class Follower:
    """The projection worker, in a thread with its own connection to NATS (as the reader)."""

    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.settings = settings
        self.say = say
        self.caught_up = threading.Event()
        self._stop = threading.Event()
        self._worker: object | None = None
        self._thread = threading.Thread(target=self._run, name="portal-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        app = build_application(self.settings, self.say)
        engine = engine_for(self.settings)
        worker = projector(engine, app)
        self._worker = worker
        try:
            worker.catch_up(until=worker.source.head())
            self.caught_up.set()
            if not self._stop.is_set():
                worker.run(on_outage=self.say)
        finally:
            worker.close()
            app.close()
            engine.dispose()

    def stop(self) -> None:
        self._stop.set()
        worker = self._worker
        if worker is not None:
            worker.interrupt()  # type: ignore[attr-defined]
        self._thread.join(timeout=10)
