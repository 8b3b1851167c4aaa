"""Long-running commands started while NATS is down wait for it, instead of exiting.

``projections run`` and ``checkpoint --every`` are services: compose or systemd starts them
beside the servers, often before the servers answer, and an outage at start is the same
outage as one an hour later. They say each try and wait (doubling the pause up to a
minute) until NATS answers or they are stopped. One-shot commands do not wait: they fail
after NATS_RETRY_SECONDS with one sentence.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from services.adapters.eventstore.errors import EventStoreUnavailable
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.refusals import translated

T = TypeVar("T")
FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0


class Stopped(Exception):
    """Stopped (SIGTERM, Ctrl-C) before NATS answered."""


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C)."""
    stop = threading.Event()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


def once_reachable(open_: Callable[[], T], say: Callable[[str], None], stop: threading.Event) -> T:
    """``open_()`` as soon as NATS answers; raises Stopped if ``stop`` is set first."""
    pause = FIRST_PAUSE
    while True:
        try:
            return open_()
        except EventStoreUnavailable as e:
            say(
                _("{e}; trying again in {pause} s (SIGTERM stops)").format(
                    e=translated(str(e)), pause=f"{pause:g}"
                )
            )
        if stop.wait(pause):
            raise Stopped
        pause = min(pause * 2, MAX_PAUSE)
