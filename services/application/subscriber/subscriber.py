"""The subscriber: events in log order, typed, acknowledged after they are handled."""

from __future__ import annotations

import asyncio
import inspect
import signal
from collections.abc import AsyncGenerator, Callable, Collection
from contextlib import aclosing

from services.adapters.eventstore.sources import (
    Delivered,
    Durable,
    Link,
    Ordered,
    Source,
    unavailable,
)
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.upcasting import UPCASTERS, Upcasters
from services.application.subscriber.received import Received, receive
from services.config import NatsAuth

Handler = Callable[[Received], object]  # may return an awaitable: it is awaited


class Subscriber:
    """Reads one deployment's events (``<prefix>.events.>``) for a downstream service.

    At least once: an event is acknowledged only after it was handled, so a
    crash means it comes again. ``stop()`` (or SIGTERM with
    ``stop_on_signals``) ends the reading after the event being handled.
    """

    def __init__(self, link: Link, spec: StreamSpec, upcasters: Upcasters = UPCASTERS) -> None:
        self.link = link
        self.spec = spec
        self.upcasters = upcasters
        self._stopping = asyncio.Event()

    @classmethod
    async def connect(
        cls, url: str, spec: StreamSpec, *, name: str, auth: NatsAuth | None = None
    ) -> Subscriber:
        """Connect to NATS (``url`` may list a cluster's servers, comma-separated) as ``auth``
        (a reader's user and password or credentials file: ``NatsAuth.from_env``)."""
        return cls(await Link.open(url, name=name, auth=auth), spec)

    async def close(self) -> None:
        """Drain the connection: pending acknowledgements are flushed, then it closes."""
        if self.link.closed:
            return
        await self.link.drain()

    def stop(self) -> None:
        """Finish the event in hand, then stop (call from the subscriber's event loop)."""
        self._stopping.set()

    def stop_on_signals(self, *signals: signal.Signals) -> None:
        """Stop cleanly on these signals (SIGTERM and SIGINT by default)."""
        loop = asyncio.get_running_loop()
        for sig in signals or (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop)

    async def events(
        self,
        *,
        start: int = 1,
        durable: str | None = None,
        types: Collection[str] = (),
        until_caught_up: bool = False,
    ) -> AsyncGenerator[Received, None]:
        """Events from ``start`` (or where the durable consumer ``durable`` left off).

        ``types`` are today's wire names: an event stored under a retired name is
        upcast, and chosen by the name of the class it becomes.

        An event is acknowledged when the next one is asked for. Leaving the loop
        any other way than ``stop()`` leaves it unacknowledged: it comes again.
        Close the iterator promptly (``contextlib.aclosing``), or use ``run``.
        """
        with unavailable():
            source: Source = await (
                Durable.open(self.link, self.spec, durable, start)
                if durable
                else Ordered.open(self.link, self.spec, start)
            )
        try:
            with unavailable():
                if until_caught_up and await source.pending() == 0:
                    return
            while not self._stopping.is_set():
                with unavailable():
                    msg = await self._next(source)
                if msg is None:
                    return
                received = receive(msg, self.upcasters)
                if received is not None and (not types or received.event.wire in types):
                    yield received
                with unavailable():
                    await source.done(msg)
                if until_caught_up and source.caught_up(msg):
                    return
        finally:
            await source.close()

    async def _next(self, source: Source) -> Delivered | None:
        """The next message, or None if told to stop while waiting."""
        get = asyncio.ensure_future(source.next())
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({get, stop}, return_when=asyncio.FIRST_COMPLETED)
        if get in done:
            stop.cancel()
            return get.result()
        get.cancel()
        return None

    async def run(
        self,
        handle: Handler,
        *,
        start: int = 1,
        durable: str | None = None,
        types: Collection[str] = (),
        until_caught_up: bool = False,
    ) -> int:
        """Call ``handle`` for each event in log order; returns how many it handled."""
        handled = 0
        events = self.events(
            start=start, durable=durable, types=types, until_caught_up=until_caught_up
        )
        async with aclosing(events):
            async for received in events:
                result = handle(received)
                if inspect.isawaitable(result):
                    await result
                handled += 1
        return handled
