"""A factory's connection to NATS, shared by its recorders: one :class:`Transport` (nats-py,
one connection and loop per thread that uses it), for the command path's publishes and
reads, managing the stream, and subscriptions."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg

from services.adapters.eventstore.client import StreamClient
from services.adapters.eventstore.connect import Refusals, servers
from services.adapters.eventstore.errors import (
    AccessDenied,
    EventStoreUnavailable,
    StreamNotCreated,
)
from services.adapters.eventstore.jetstream import JetStream, stream_state
from services.adapters.eventstore.stream import StreamSpec, StreamState
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth

T = TypeVar("T")
WAKE_SECONDS = 0.05  # how soon ``wait`` sees that it is done
ENSURE_PAUSE = 0.1  # first pause before asking for the stream again
_UNAVAILABLE = 10008  # "JetStream system temporarily unavailable": no leader yet


def _passing(e: Exception) -> bool:
    """Whether a failure to check the stream may pass by itself: no answer from JetStream
    (a restart, an election), or JetStream saying it is not available yet."""
    if isinstance(e, StreamNotCreated):
        cause = e.__cause__
        return isinstance(cause, nats.js.errors.APIError) and cause.err_code == _UNAVAILABLE
    return True


class JetStreamConnection:
    def __init__(
        self,
        url: str,
        spec: StreamSpec,
        *,
        timeout: float = 5.0,
        auth: NatsAuth | None = None,
        patience: float = 20.0,
    ) -> None:
        self.url = url
        self.spec = spec
        self.timeout = timeout
        self.patience = patience
        self.auth = auth or NatsAuth()
        self.transport = Transport(
            servers(url),
            name="assembly-record",
            timeout=timeout,
            auth=self.auth,
            patience=patience,
        )
        self._ensured: set[str] = set()
        self._closed = False

    @property
    def nc(self) -> Client:
        """This thread's nats-py client."""
        return self.transport.nc

    @property
    def refusals(self) -> Refusals:
        return self.transport.refusals

    @property
    def js(self) -> JetStream:
        """The stream's management on this thread's client."""
        return JetStream(self.nc, self.spec, self.timeout, self.refusals)

    @property
    def alive(self) -> bool:
        return not self._closed

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine of this thread's client (``nc``, ``js``) on this thread's loop."""
        return self.transport.run(coro)

    def listen(self, subject: str, heard: Callable[[], None]) -> Callable[[], None]:
        """Call ``heard`` for every message published on ``subject`` from now on (a core
        subscription of this thread's connection: heard while this thread calls NATS or
        ``wait``s). Returns what stops it."""

        async def hear(_msg: Msg) -> None:
            heard()

        subscription = self.run(self.nc.subscribe(subject, cb=hear))

        def stop() -> None:
            if self.alive:
                with contextlib.suppress(Exception):  # closing anyway: the server drops it
                    self.run(subscription.unsubscribe())

        return stop

    def wait(self, seconds: float, done: Callable[[], bool]) -> None:
        """Run this thread's loop (what it ``listen``s to is heard) until ``done()`` or
        ``seconds`` have passed."""
        deadline = time.monotonic() + seconds

        async def waiting() -> None:
            while not done() and time.monotonic() < deadline:
                await asyncio.sleep(WAKE_SECONDS)

        self.run(waiting())

    def stream(self, spec: StreamSpec, *, create: bool, check: bool = True) -> StreamClient:
        """The command-path client for ``spec``, its stream checked (and created) once."""
        if spec.name not in self._ensured:
            self._ensure(spec, create=create, check=check)
            self._ensured.add(spec.name)
        return StreamClient(self.transport, spec, self.patience)

    def _ensure(self, spec: StreamSpec, *, create: bool, check: bool) -> None:
        """The stream checked (and created), asked again while JetStream does not answer
        (a server restarting, a meta leader being elected), for ``patience`` seconds."""
        deadline = time.monotonic() + self.patience
        pause = ENSURE_PAUSE
        while True:
            js = JetStream(self.nc, spec, self.timeout, self.refusals)
            try:
                self.run(js.ensure_stream(create=create, check=check))
                return
            except (EventStoreUnavailable, StreamNotCreated) as e:
                if isinstance(e, AccessDenied) or not _passing(e):
                    raise
                if time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)

    def stream_info(self, spec: StreamSpec) -> StreamState | None:
        """The stream's configuration and state as JetStream reports them; None if it does
        not exist."""
        return self.run(stream_state(self.nc, spec.name, self.timeout))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.transport.close()
