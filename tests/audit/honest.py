"""An honest log for the audit's tests: a whole scripted year, its panel drawn by lot on the
log, written through the application to a real JetStream and read back in sequence order."""

from __future__ import annotations

from functools import cache

from commands.application import AssemblyRecord
from core.events import Event
from examples.paris_year import DEMO, paris_year
from tests.support.natsd import unique_stream
from tests.support.store import MAPPER


@cache
def honest_year() -> tuple[tuple[int, Event], ...]:
    """(sequence, fact) for every fact of the year, as the log holds them."""
    app = AssemblyRecord(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": MAPPER,
            **unique_stream(),
        }
    )
    try:
        paris_year(app, DEMO, pool_size=600, algorithm="maximin")
        notes = app.recorder.select_notifications(1, 1_000_000)
        return tuple((n.id, app.mapper.to_domain_event(n)) for n in notes)  # type: ignore[misc]
    finally:
        app.close()
