"""The demo's Paris year on a fresh stream, drawn here by lot, and its read models in a SQLite
file: what the portal's tests and bench serve."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from examples.paris_year import DEMO, Story, Volume, paris_year
from services.adapters.readstore.database import open_engine
from tests.projections.support import application, projector
from tests.support.natsd import unique_stream

ROOT = Path(__file__).resolve().parents[2]
POOL = 2000  # as `make demo` draws it
T = TypeVar("T")


def year(
    folder: Path, volume: Volume = DEMO, pool_size: int = POOL
) -> tuple[dict[str, str], Story]:
    """The environment naming the stream and the read models, and the year's story."""
    env: dict[str, Any] = unique_stream()
    app = application(env)
    try:
        story = paris_year(app, volume, pool_size=pool_size)
    finally:
        app.close()
    env["DATABASE_URL"] = f"sqlite:///{folder / 'projections.sqlite'}"
    env["ASSEMBLY_HOME"] = str(folder / "home")
    catch_up(env)
    return env, story


def off_the_loop(work: Callable[[], T]) -> T:
    """Run in a thread of its own: the event store's client runs an event loop in the calling
    thread, and Playwright's sync API keeps one running in the tests' main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def catch_up(env: dict[str, str]) -> int:
    """Bring the read models up to the log's last event; their position."""
    return off_the_loop(lambda: _catch_up(env))


def _catch_up(env: dict[str, str]) -> int:
    app = application(env)
    engine = open_engine(env["DATABASE_URL"])
    worker = projector(engine, app)
    try:
        return worker.wait_for(worker.source.head(), 120)
    finally:
        worker.close()
        app.close()
        engine.dispose()
