"""A typed subscriber for downstream services: the assembly's events in log order, at least once.

::

    subscriber = await Subscriber.connect(url, StreamSpec(), name="my-service")
    subscriber.stop_on_signals()                 # SIGTERM / SIGINT: finish the event, then stop
    positions = SqlitePositions("my-service.sqlite", "my-service")
    await subscriber.run(handle, start=positions.resume_from())
    await subscriber.close()

``handle(received)`` gets a :class:`Received`: the event (a core ``Event``
Struct), its position in the log, aggregate id, version and when it was
stored. Each event is acknowledged once ``handle`` returns; if it raises, the
event will be delivered again. Make ``handle`` idempotent with
``positions.once(received.position, effect)``.
"""

from services.application.subscriber.positions import ProcessedPositions, SqlitePositions
from services.application.subscriber.received import Received
from services.application.subscriber.subscriber import Subscriber

__all__ = ["ProcessedPositions", "Received", "SqlitePositions", "Subscriber"]
