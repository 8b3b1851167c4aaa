"""Where the worker reads the log: pages of events by position, the head, wake-ups.

Pages come from the application recorder's whole-stream batches (the fastest
read of the stream), the next page read by a thread while the caller applies
one. Far behind the head, the projector has a child process read the log
(``reader``: services/adapters/readstore/reader.py). A plain NATS subscription on the
events' subjects wakes the worker when something new is stored, so it never
polls a busy loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple
from uuid import UUID

from commands.application import AssemblyRecord
from services.adapters.eventstore.recorders import NOTIFICATION_BATCH, JetStreamApplicationRecorder
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION, originator
from services.adapters.readstore.reader import ReaderFailed, ReaderProcess, ReadOrder, Row

MAX_IDS = 100_000  # aggregate ids remembered, parsed

log = logging.getLogger(__name__)


class Stored(NamedTuple):
    """An event of the log: eventsourcing's ``Notification``, as a named tuple (made for
    every event of a catch-up: a frozen dataclass costs ~3x more to make)."""

    id: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


def stored(n: Any) -> Stored:
    """A notification (or anything with its fields) as a ``Stored``."""
    return Stored(n.id, n.originator_id, n.originator_version, n.topic, n.state)


class Notes:
    """Rows of the log made ``Stored`` events, each aggregate's id parsed once: a page holds
    thousands of events of a few aggregates, and they share one id object (ids are
    immutable)."""

    def __init__(self) -> None:
        self._ids: dict[str, UUID | str] = {}

    def page(self, rows: list[Row]) -> list[Stored]:
        ids, out = self._ids, list[Stored]()
        append, make = out.append, tuple.__new__
        for seq, raw_id, version, topic, data in rows:
            originator_id = ids.get(raw_id)
            if originator_id is None:
                if len(ids) >= MAX_IDS:
                    ids.clear()
                originator_id = ids[raw_id] = originator(raw_id)
            append(make(Stored, (seq, originator_id, version, topic, data)))
        return out


class LogSource:
    def __init__(self, app: AssemblyRecord, *, processes: bool = True) -> None:
        recorder = app.recorder
        if not isinstance(recorder, JetStreamApplicationRecorder):
            raise TypeError("the read models follow the JetStream event store")
        self.app = app
        self.recorder = recorder
        self.mapper = app.mapper
        self.processes = processes  # False: never read in a child process
        self.woken = threading.Event()
        self._subscription: Any = None
        self._notes = Notes()
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-reader")

    def pages(self, after: int, limit: int) -> Generator[Sequence[Stored], None, None]:
        """Pages of up to ``limit`` events after ``after``, contiguous, to the log's end: the
        next page read by a thread while the caller applies this one."""
        upcoming = self._reader.submit(self.page, after, limit)
        while page := upcoming.result():
            upcoming = self._reader.submit(self.page, page[-1].id, limit)
            yield page

    def reader(self, order: ReadOrder) -> ReaderProcess[list[Stored]] | None:
        """A child process reading the log (services/adapters/readstore/reader.py), or None (and
        why, logged) if one cannot be started."""
        if not self.processes:
            return None
        try:
            return ReaderProcess(order, self._notes.page)
        except (OSError, ReaderFailed) as e:
            log.warning("reading the log in this process: %s", e)
            return None

    def order(self, after: int, limit: int) -> ReadOrder:
        """What a child needs to read this log after ``after``, ``limit`` events a page."""
        transport = self.recorder.connection.transport
        spec = self.recorder.js.spec
        return ReadOrder(transport.servers, transport.auth, transport.timeout, spec, after, limit)

    def page(self, after: int, limit: int) -> Sequence[Stored]:
        """The recorder's ``select_notifications(after + 1, limit)``, read the same way (the
        whole stream in batches, a process application's tracking messages left out), as
        ``Stored`` events (see ``Notes``)."""
        rows: list[Row] = []
        events = self.recorder.js.spec.events + "."
        start = after + 1
        while len(rows) < limit:
            want = min(limit - len(rows), NOTIFICATION_BATCH)
            messages, pending = self.recorder.js.direct_batch(start, want, None)
            for m in messages:
                if not m.subject.startswith(events):
                    continue  # a process application's tracking position, not an event
                raw_id, version, topic = m.fields(H_ID, H_VERSION, H_TOPIC)
                rows.append((m.seq, raw_id, int(version), topic, m.data))
                if len(rows) == limit:
                    return self._notes.page(rows)
            if not messages or pending == 0:
                break
            start = messages[-1].seq + 1
        return self._notes.page(rows)

    def head(self) -> int:
        """The position of the last event stored now (0 for an empty log)."""
        return self.recorder.max_notification_id() or 0

    def listen(self) -> None:
        """Set ``woken`` whenever an event is stored from now on (heard while this thread
        waits in ``wait``, or calls NATS)."""
        subject = self.recorder.js.spec.all_events
        self._subscription = self.recorder.connection.listen(subject, self.woken.set)

    def wait(self, seconds: float) -> None:
        """Wait until ``woken`` (by a stored event, or ``interrupt``), at most ``seconds``:
        this thread's connection, which ``listen`` subscribed on, listens meanwhile."""
        if self._subscription is None:
            self.woken.wait(seconds)
            return
        self.recorder.connection.wait(seconds, self.woken.is_set)

    def unlisten(self) -> None:
        stop, self._subscription = self._subscription, None
        if stop is not None:
            stop()

    def close(self) -> None:
        self.unlisten()
        self._reader.shutdown(wait=True)
