"""eventsourcing recorders on one JetStream stream.

Notification id = stream sequence. Events live on ``<prefix>.events.<id>``,
tracking positions of process applications on ``<prefix>.tracking.<name>``
(so a process recorder can write both in one atomic batch).

A live subscription (``subscribe``) is an ordered push consumer from a position, blocking for
new events: JetStream's fastest way to read a stream in order (flow-controlled, no acks,
re-created by nats-py on a gap), so catch-up and live tailing are one code path.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    Notification,
    ProcessRecorder,
    StoredEvent,
    Subscription,
    Tracking,
    TrackingRecorder,
)
from nats.aio.msg import Msg
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext

from services.adapters.eventstore.client import StreamClient
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.records import (
    H_ID,
    H_TOPIC,
    H_VERSION,
    Head,
    Heads,
    Positions,
    digest_of,
    notification,
    originator,
    stored_event,
)
from services.adapters.eventstore.writer import Writer

READ_BATCH = 1000
NOTIFICATION_BATCH = 10_000


class _JetStreamRecorder:
    def __init__(self, connection: JetStreamConnection, js: StreamClient) -> None:
        self.connection = connection
        self.js = js
        self.heads = Heads()
        self.tracking_heads = Heads()
        self.positions = Positions()
        self.writer = Writer(self.js, self.heads, self.tracking_heads, self.positions)


class JetStreamAggregateRecorder(_JetStreamRecorder, AggregateRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        if stored_events:
            self.writer.save(stored_events)

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        return self._select_events(originator_id, gt, lte, desc, limit)

    def _select_events(
        self,
        originator_id: UUID | str,
        gt: int | None,
        lte: int | None,
        desc: bool,
        limit: int | None,
    ) -> list[StoredEvent]:
        key = str(originator_id)
        subject = self.js.spec.event_subject(key)
        if desc and limit == 1 and gt is None and lte is None:
            last = self.js.direct_last(subject)  # the newest snapshot, or the head
            if last is None:
                return []
            version = int(last.headers[H_VERSION])
            self.heads.put(key, Head(last.seq, version, digest_of(last.headers, last.data)))
            return [stored_event(last.headers, last.data)]
        known = None if gt is None else self.positions.seq_of(key, gt)
        # Fast-forwarding a cached aggregate: read only what is new.
        start = 1 if known is None else known + 1
        return self._read_from(key, subject, start, gt=gt, lte=lte, desc=desc, limit=limit)

    def select_events_at(self, originator_id: UUID | str, position: int) -> list[StoredEvent]:
        """The aggregate's events from log position ``position`` on, the event there first
        (if it is one of this aggregate's): a snapshot's tail, without reading the events
        before it (the server's subject filter skips them). The one addition to the library's
        recorder interface; the caller checks the first event is the one it expects."""
        key = str(originator_id)
        return self._read_from(key, self.js.spec.event_subject(key), max(position, 1))

    def _read_from(
        self,
        key: str,
        subject: str,
        start: int,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        msgs = list(self.js.read(start, subject, READ_BATCH))
        if msgs:
            self.positions.record(key, [(int(m.headers[H_VERSION]), m.seq) for m in msgs])
            last = msgs[-1]
            head = Head(last.seq, int(last.headers[H_VERSION]), digest_of(last.headers, last.data))
            self.heads.put(key, head)
        events = [
            stored_event(m.headers, m.data)
            for m in msgs
            if (gt is None or int(m.headers[H_VERSION]) > gt)
            and (lte is None or int(m.headers[H_VERSION]) <= lte)
        ]
        if desc:
            events.reverse()
        return events if limit is None else events[:limit]


class JetStreamApplicationRecorder(JetStreamAggregateRecorder, ApplicationRecorder):
    def insert_events(  # type: ignore[override]
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        return self.writer.save(stored_events)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        first = 1 if start is None else (start if inclusive_of_start else start + 1)
        return self._select_notifications(max(first, 1), limit, stop, frozenset(topics))

    def _select_notifications(
        self, start: int, limit: int, stop: int | None, topics: frozenset[str]
    ) -> list[Notification]:
        results: list[Notification] = []
        events = self.js.spec.events + "."
        while len(results) < limit and (stop is None or start <= stop):
            want = NOTIFICATION_BATCH if topics else min(limit - len(results), NOTIFICATION_BATCH)
            if stop is not None:
                want = min(want, stop - start + 1)
            msgs, pending = self.js.direct_batch(start, want, None)
            for m in msgs:
                seq = m.seq
                if stop is not None and seq > stop:
                    return results
                if not m.subject.startswith(events):
                    continue  # a process application's tracking position, not an event
                raw_id, version, topic = m.fields(H_ID, H_VERSION, H_TOPIC)
                if topics and topic not in topics:
                    continue
                results.append(
                    Notification(
                        id=seq,
                        originator_id=originator(raw_id),
                        originator_version=int(version),
                        topic=topic,
                        state=m.data,
                    )
                )
                if len(results) == limit:
                    return results
            if not msgs or pending == 0:
                break
            start = msgs[-1].seq + 1
        return results

    def max_notification_id(self) -> int | None:
        last = self.js.direct_last(self.js.spec.all_events)
        return None if last is None else last.seq

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return JetStreamSubscription(self, gt=gt, topics=topics)


class JetStreamTrackingRecorder(_JetStreamRecorder, TrackingRecorder):
    def insert_tracking(self, tracking: Tracking) -> None:
        self.writer.save([], tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        head = self.writer.refresh_tracking(application_name)
        return None if head is None else head.position


class JetStreamProcessRecorder(
    JetStreamTrackingRecorder, JetStreamApplicationRecorder, ProcessRecorder
):
    def insert_events(  # type: ignore[override]
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        tracking: Tracking | None = kwargs.get("tracking")
        if not stored_events and tracking is None:
            return []
        return self.writer.save(stored_events, tracking)


def stream_sequence(reply: str) -> int:
    """The stream sequence from a JetStream ack subject (ADR-15, v1 and v2 forms)."""
    tokens = reply.split(".")
    return int(tokens[5] if len(tokens) == 9 else tokens[7])


WAKE_SECONDS = 0.1  # how soon a subscription waiting for events sees that it was stopped


class JetStreamSubscription(Subscription[JetStreamApplicationRecorder]):
    """An ordered push consumer, made by the thread that first iterates (on its connection
    and loop, which it runs while it waits for the next event); ``stop`` may come from any
    thread."""

    def __init__(
        self,
        recorder: JetStreamApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._ready: deque[Notification] = deque()
        self._connection = recorder.connection
        self._sub: JetStreamContext.PushSubscription | None = None
        self._owner: threading.Thread | None = None
        self._arrived: asyncio.Event | None = None

    async def _start(self) -> JetStreamContext.PushSubscription:
        jsm, spec = self._connection.js.js, self._recorder.js.spec
        topics = frozenset(self._topics)
        put = self._ready.append
        arrived = self._arrived = asyncio.Event()

        async def deliver(msg: Msg) -> None:
            headers = msg.headers or {}
            if H_TOPIC not in headers:
                return
            if topics and headers[H_TOPIC] not in topics:
                return
            put(notification(stream_sequence(msg.reply), headers, msg.data))
            arrived.set()

        config = ConsumerConfig(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
            opt_start_seq=(self._last_notification_id or 0) + 1,
        )
        return await jsm.subscribe(
            spec.all_events,
            stream=spec.name,
            cb=deliver,
            ordered_consumer=True,
            idle_heartbeat=5.0,
            config=config,
        )

    async def _wait(self) -> None:
        arrived = self._arrived
        assert arrived is not None
        while not self._ready and not self._has_been_stopped:
            arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), WAKE_SECONDS)

    def __next__(self) -> Notification:
        if self._has_been_stopped:
            self._end()
            raise StopIteration
        if self._sub is None:
            self._owner = threading.current_thread()
            self._sub = self._connection.run(self._start())
        if not self._ready:
            self._connection.run(self._wait())
        if self._has_been_stopped:
            self._end()
            raise StopIteration
        item = self._ready.popleft()
        self._last_notification_id = item.id
        return item

    def _end(self) -> None:
        sub, self._sub = self._sub, None
        if sub is None or self._owner is not threading.current_thread():
            return  # an ephemeral consumer: the server reaps it
        if self._connection.alive:
            with contextlib.suppress(Exception):
                self._connection.run(sub.unsubscribe())

    def stop(self) -> None:
        if self._has_been_stopped:
            return
        super().stop()
        if self._owner is threading.current_thread():
            self._end()
