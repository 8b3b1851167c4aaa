"""Where messages come from: an ordered consumer from a position, or a durable consumer.

- ordered (``start``): ephemeral, no acks, nothing kept on the server; the
  subscriber keeps its own position (``SqlitePositions.resume_from``).
- durable (``durable``): the server keeps the position; each event is acked
  (and the ack confirmed) after it is handled; what was fetched but not handled
  is nak'ed on close, so it comes again at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from services.adapters.eventstore.connect import connect
from services.adapters.eventstore.errors import EventStoreUnavailable, StreamMissing
from services.adapters.eventstore.stream import StreamSpec
from services.config import NatsAuth


@dataclass(frozen=True)
class Delivered:
    """One message as the log delivered it, in this project's terms (no NATS type leaves the
    event store): where it sits, when it was stored, how often it was delivered."""

    headers: dict[str, str]
    data: bytes
    position: int  # the stream sequence
    stored_at: datetime
    deliveries: int
    pending: int  # how many messages follow it on the stream, as the server counted
    _msg: Msg = field(repr=False, compare=False)  # to acknowledge it


def _delivered(msg: Msg) -> Delivered:
    meta = msg.metadata
    return Delivered(
        headers=dict(msg.headers or {}),
        data=msg.data,
        position=meta.sequence.stream,
        stored_at=meta.timestamp,
        deliveries=meta.num_delivered,
        pending=meta.num_pending,
        _msg=msg,
    )


class Link:
    """A subscriber's own asyncio connection to NATS (nats-py: a cluster's servers, auth and
    TLS as every connection of the project; reconnects and lame-duck mode are nats-py's)."""

    def __init__(self, nc: Client) -> None:
        self._nc = nc

    @classmethod
    async def open(cls, url: str, *, name: str, auth: NatsAuth | None = None) -> Link:
        return cls(await connect(url, name=name, auth=auth))

    @property
    def closed(self) -> bool:
        return bool(self._nc.is_closed)

    async def drain(self) -> None:
        """Pending acknowledgements are flushed, then it closes."""
        await drain(self._nc)


@contextmanager
def unavailable() -> Iterator[None]:
    """NATS failing under the subscriber, said in one sentence (the CLI exits 2 with it)."""
    try:
        yield
    except nats.errors.Error as e:
        raise EventStoreUnavailable(
            f"NATS failed while reading the log ({type(e).__name__}: {e}): is the server up, "
            "and may this identity read the stream?"
        ) from e


async def drain(nc: Client) -> None:
    """Drain the connection: pending acknowledgements are flushed, then it closes."""
    try:
        await nc.drain()
    except nats.errors.Error:  # reconnecting or gone: nothing left to flush
        await nc.close()


class Source(Protocol):
    async def next(self) -> Delivered: ...
    async def done(self, msg: Delivered) -> None: ...
    async def pending(self) -> int: ...
    def caught_up(self, msg: Delivered) -> bool: ...
    async def close(self) -> None: ...


STALL_SECONDS = 3.0  # nothing delivered for this long: is the ordered consumer still there?


def _start(start: int) -> ConsumerConfig:
    if start <= 1:
        return ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
    return ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start)


def _missing(spec: StreamSpec) -> StreamMissing:
    return StreamMissing(
        f"stream {spec.name!r} does not exist on this server: nothing is recorded yet, "
        "or ASSEMBLY_STREAM names another stream"
    )


class Ordered:
    """An ordered consumer from a position. nats-py's ordered consumer does not survive a
    server restart (the ephemeral consumer is gone, and nothing comes any more): when
    nothing came for ``STALL_SECONDS``, the consumer is looked up, and made again after the
    last message delivered if the server no longer has it."""

    def __init__(self, link: Link, spec: StreamSpec, start: int) -> None:
        self._link = link
        self._spec = spec
        self._next = start  # the position of the next message to deliver
        self._sub: object = None
        self._queue: asyncio.Queue[Msg] = asyncio.Queue()

    @classmethod
    async def open(cls, link: Link, spec: StreamSpec, start: int) -> Ordered:
        source = cls(link, spec, start)
        await source._subscribe()
        return source

    async def _subscribe(self) -> None:
        queue = self._queue = asyncio.Queue()

        async def deliver(msg: Msg) -> None:
            queue.put_nowait(msg)

        try:
            self._sub = await self._link._nc.jetstream().subscribe(
                self._spec.all_events,
                stream=self._spec.name,
                cb=deliver,
                ordered_consumer=True,
                idle_heartbeat=5.0,
                config=_start(self._next),
            )
        except nats.js.errors.NotFoundError:
            raise _missing(self._spec) from None

    async def next(self) -> Delivered:
        while True:
            try:
                msg = await asyncio.wait_for(self._queue.get(), STALL_SECONDS)
            except TimeoutError:
                await self._revive()
                continue
            delivered = _delivered(msg)
            self._next = delivered.position + 1
            return delivered

    async def _revive(self) -> None:
        """Make the consumer again if the server lost it (restarted); NATS still away: wait."""
        try:
            await self._sub.consumer_info()  # type: ignore[attr-defined]
        except nats.js.errors.NotFoundError:
            with contextlib.suppress(nats.errors.Error):
                await self._sub.unsubscribe()  # type: ignore[attr-defined]
            with contextlib.suppress(nats.errors.Error):
                await self._subscribe()
        except nats.errors.Error:
            return  # reconnecting, or no answer yet: look again later

    async def done(self, msg: Delivered) -> None:
        return None  # an ordered consumer takes no acks

    async def pending(self) -> int:
        info = await self._sub.consumer_info()  # type: ignore[attr-defined]
        return int(info.num_pending or 0) + self._queue.qsize()

    def caught_up(self, msg: Delivered) -> bool:
        return msg.pending == 0

    async def close(self) -> None:
        with contextlib.suppress(nats.errors.Error):  # an ephemeral consumer: the server reaps it
            await self._sub.unsubscribe()  # type: ignore[attr-defined]


class Durable:
    def __init__(self, sub: nats.js.JetStreamContext.PullSubscription, batch: int) -> None:
        self._sub = sub
        self._batch = batch
        self._fetched: deque[Msg] = deque()
        self._unacked: dict[int, Msg] = {}

    @classmethod
    async def open(
        cls, link: Link, spec: StreamSpec, name: str, start: int, batch: int = 100
    ) -> Durable:
        nc = link._nc
        config = _start(start)
        config.ack_policy = AckPolicy.EXPLICIT
        config.max_ack_pending = 1000
        try:
            sub = await nc.jetstream().pull_subscribe(
                spec.all_events, durable=name, stream=spec.name, config=config
            )
        except nats.js.errors.NotFoundError:
            raise _missing(spec) from None
        return cls(sub, batch)

    async def next(self) -> Delivered:
        while not self._fetched:
            with contextlib.suppress(nats.errors.TimeoutError):
                self._fetched.extend(await self._sub.fetch(self._batch, timeout=5))
        msg = self._fetched.popleft()
        self._unacked[id(msg)] = msg
        return _delivered(msg)

    async def done(self, msg: Delivered) -> None:
        await msg._msg.ack_sync()  # confirmed: a restart will not see it again
        self._unacked.pop(id(msg._msg), None)

    async def pending(self) -> int:
        info = await self._sub.consumer_info()
        return int(info.num_pending or 0) + int(info.num_ack_pending or 0)

    def caught_up(self, msg: Delivered) -> bool:
        return msg.pending == 0 and not self._fetched

    async def close(self) -> None:
        for msg in [*self._unacked.values(), *self._fetched]:
            with contextlib.suppress(nats.errors.Error):
                await msg.nak()  # delivered again at once, to whoever reads next
        self._unacked.clear()
        self._fetched.clear()
        with contextlib.suppress(nats.errors.Error, ValueError):
            await self._sub.unsubscribe()
