"""A live subscription: an ordered push consumer from a position, blocking for new events.

The ordered consumer is JetStream's fastest way to read a stream in order
(flow-controlled, no acks, re-created by nats-py on a gap), so catch-up and
live tailing are one code path.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventsourcing.persistence import Notification, Subscription
from nats.aio.msg import Msg
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext

from services.adapters.eventstore.records import H_TOPIC, notification

if TYPE_CHECKING:
    from services.adapters.eventstore.recorders import JetStreamApplicationRecorder

_STOP = None


def stream_sequence(reply: str) -> int:
    """The stream sequence from a JetStream ack subject (ADR-15, v1 and v2 forms)."""
    tokens = reply.split(".")
    return int(tokens[5] if len(tokens) == 9 else tokens[7])


class JetStreamSubscription(Subscription["JetStreamApplicationRecorder"]):
    def __init__(
        self,
        recorder: JetStreamApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._queue: queue.SimpleQueue[Notification | None] = queue.SimpleQueue()
        self._connection = recorder.connection
        self._sub = self._connection.run(self._start())

    async def _start(self) -> JetStreamContext.PushSubscription:
        jsm, spec = self._connection.js.js, self._recorder.js.spec
        topics = frozenset(self._topics)
        put = self._queue.put

        async def deliver(msg: Msg) -> None:
            headers = msg.headers or {}
            if H_TOPIC not in headers:
                return
            if topics and headers[H_TOPIC] not in topics:
                return
            put(notification(stream_sequence(msg.reply), headers, msg.data))

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

    def __next__(self) -> Notification:
        if self._has_been_stopped:
            raise StopIteration
        item = self._queue.get()
        if item is _STOP or self._has_been_stopped:
            raise StopIteration
        self._last_notification_id = item.id
        return item

    def stop(self) -> None:
        if self._has_been_stopped:
            return
        super().stop()
        self._queue.put(_STOP)
        if not self._connection.bridge.alive:
            return  # the connection is closed: so is the consumer
        with contextlib.suppress(Exception):  # an ephemeral consumer: the server reaps it
            self._connection.bridge.run(self._sub.unsubscribe(), timeout=5)
