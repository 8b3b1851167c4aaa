"""Where the worker reads the log: pages of notifications by position, the head, wake-ups.

Pages come from the application recorder's whole-stream batches (the fastest
read of the stream); a plain NATS subscription on the events' subjects wakes
the worker when something new is stored, so it never polls a busy loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from commands.application import AssemblyRecord
from services.eventstore.recorders import NOTIFICATION_BATCH, JetStreamApplicationRecorder
from services.eventstore.records import H_ID, H_TOPIC, H_VERSION, originator

MAX_IDS = 100_000  # aggregate ids remembered, parsed


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
        self._ids: dict[str, UUID | str] = {}

    def page(self, after: int, limit: int) -> Sequence[Notification]:
        """The recorder's ``select_notifications(after + 1, limit)``, read the same way (the
        whole stream in batches, a process application's tracking messages left out), but
        each aggregate's id is parsed once: a page holds thousands of events of a few
        aggregates, and they share one id object (ids are immutable)."""
        results: list[Notification] = []
        events = self.recorder.js.spec.events + "."
        ids = self._ids
        start = after + 1
        while len(results) < limit:
            messages, pending = self.recorder.js.direct_batch(
                start, min(limit - len(results), NOTIFICATION_BATCH), None
            )
            for m in messages:
                if not m.subject.startswith(events):
                    continue  # a process application's tracking position, not an event
                h = m.headers
                raw_id = h[H_ID]
                originator_id = ids.get(raw_id)
                if originator_id is None:
                    if len(ids) >= MAX_IDS:
                        ids.clear()
                    originator_id = ids[raw_id] = originator(raw_id)
                results.append(
                    Notification(
                        id=m.seq,
                        originator_id=originator_id,
                        originator_version=int(h[H_VERSION]),
                        topic=h[H_TOPIC],
                        state=m.data,
                    )
                )
                if len(results) == limit:
                    return results
            if not messages or pending == 0:
                break
            start = messages[-1].seq + 1
        return results

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
