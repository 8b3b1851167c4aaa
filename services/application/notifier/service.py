"""Running the notifier: subscribe from where it stopped, stop cleanly on SIGTERM, and ride
out NATS going away (a restart, an election): it connects again and reads on from the last
position it handled (each event handled once, whatever comes again)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from pathlib import Path

from services.adapters.eventstore.errors import EventStoreUnavailable
from services.adapters.eventstore.stream import StreamSpec
from services.application.notifier.notifier import TYPES, Notifier
from services.application.subscriber import Subscriber
from services.config import NatsAuth

OUTAGE_PAUSE = 1.0  # first pause before connecting again after NATS failed the notifier
MAX_OUTAGE_PAUSE = 10.0


async def run(
    url: str,
    spec: StreamSpec,
    outbox: Path,
    *,
    durable: str | None = None,
    until_caught_up: bool = False,
    auth: NatsAuth | None = None,
    announce: Callable[[str], None] = lambda _: None,
) -> int:
    """Handle events until stopped (or caught up); returns how many were read. Following
    the log (not ``until_caught_up``), a NATS outage is said and waited out."""
    notifier = Notifier(outbox)
    stopping = asyncio.Event()
    current: list[Subscriber] = []

    def stop() -> None:
        stopping.set()
        for subscriber in current:
            subscriber.stop()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    handled, pause, said = 0, OUTAGE_PAUSE, False
    try:
        while not stopping.is_set():
            start = notifier.positions.resume_from()
            try:
                subscriber = await Subscriber.connect(
                    url, spec, name="assembly-notifier", auth=auth
                )
            except EventStoreUnavailable as e:
                if until_caught_up:
                    raise
                pause = await _outage(e, pause, announce, stopping)
                continue
            current[:] = [subscriber]
            if not said:
                announce(
                    f"notifier: reading from log position {start} into {outbox}; SIGTERM stops it"
                )
                said = True
            else:
                announce(f"notifier: connected again, reading from log position {start}")
            try:
                handled += await subscriber.run(
                    notifier.handle,
                    start=start,
                    durable=durable,
                    types=TYPES,
                    until_caught_up=until_caught_up,
                )
                return handled
            except EventStoreUnavailable as e:
                if until_caught_up:
                    raise
                pause = await _outage(e, pause, announce, stopping)
            finally:
                current.clear()
                with contextlib.suppress(Exception):  # NATS is away: nothing left to flush
                    await subscriber.close()
        return handled
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        notifier.close()


async def _outage(
    e: Exception, pause: float, announce: Callable[[str], None], stopping: asyncio.Event
) -> float:
    """Say the outage, wait ``pause`` (or until stopped); the next pause."""
    announce(f"notifier: NATS unavailable ({e}); connecting again in {pause:g} s")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), pause)
    return min(pause * 2, MAX_OUTAGE_PAUSE)
