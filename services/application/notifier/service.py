"""Running the notifier: subscribe from where it stopped, stop cleanly on SIGTERM."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.adapters.eventstore.stream import StreamSpec
from services.application.notifier.notifier import TYPES, Notifier
from services.application.subscriber import Subscriber
from services.config import NatsAuth


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
    """Handle events until stopped (or caught up); returns how many were read."""
    notifier = Notifier(outbox)
    subscriber = await Subscriber.connect(url, spec, name="assembly-notifier", auth=auth)
    subscriber.stop_on_signals()
    start = notifier.positions.resume_from()
    announce(f"notifier: reading from log position {start} into {outbox}; SIGTERM stops it")
    try:
        return await subscriber.run(
            notifier.handle,
            start=start,
            durable=durable,
            types=TYPES,
            until_caught_up=until_caught_up,
        )
    finally:
        await subscriber.close()
        notifier.close()
