"""Where the worker reads the log: pages of notifications by position, the head, wake-ups.

Pages come from the application recorder's batched direct gets (the fastest
read of the stream); a plain NATS subscription on the events' subjects wakes
the worker when something new is stored, so it never polls a busy loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification

from commands.application import AssemblyRecord
from services.eventstore.recorders import JetStreamApplicationRecorder


class LogSource:
    def __init__(self, app: AssemblyRecord) -> None:
        recorder = app.recorder
        if not isinstance(recorder, JetStreamApplicationRecorder):
            raise TypeError("the read models follow the JetStream event store")
        self.app = app
        self.recorder = recorder
        self.mapper = app.mapper
        self.woken = threading.Event()
        self._subscription: Any = None

    def page(self, after: int, limit: int) -> Sequence[Notification]:
        return self.recorder.select_notifications(after + 1, limit)

    def head(self) -> int:
        """The position of the last event stored now (0 for an empty log)."""
        return self.recorder.max_notification_id() or 0

    def listen(self) -> None:
        """Set ``woken`` whenever an event is stored from now on."""
        connection = self.recorder.connection

        async def wake(_msg: Any) -> None:
            self.woken.set()

        subject = self.recorder.js.spec.all_events
        self._subscription = connection.run(connection.nc.subscribe(subject, cb=wake))

    def close(self) -> None:
        subscription, self._subscription = self._subscription, None
        if subscription is not None and self.recorder.connection.bridge.alive:
            with contextlib.suppress(Exception):  # closing anyway: the server drops it with us
                self.recorder.connection.run(subscription.unsubscribe())
