"""A factory's two connections to NATS, shared by its recorders.

- blocking ones (:class:`SyncNatsPool`) for the command path: publishes and reads
  in the caller's thread, no thread hop;
- nats-py on one private event loop in a daemon thread, for managing the
  stream and for subscriptions (ordered push consumers).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

import nats.js.errors
from nats.aio.client import Client
from nats.js.api import StreamInfo

from services.adapters.eventstore.bridge import LoopThread
from services.adapters.eventstore.client import StreamClient
from services.adapters.eventstore.errors import EventStoreUnavailable
from services.adapters.eventstore.jetstream import JetStream, Refusals, connect, redact, servers
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.syncnats import SyncNatsPool
from services.config import NatsAuth

T = TypeVar("T")


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
        self.refusals = Refusals(self.auth)
        self.bridge = LoopThread()
        try:
            self.nc = self._connect(url)
            self.sync = SyncNatsPool(
                servers(url), name="assembly-record", timeout=timeout, auth=self.auth
            )
        except BaseException:
            self.close_nats()
            raise
        self.js = JetStream(self.nc, spec, timeout, self.refusals)
        self._ensured: set[str] = set()
        self._closed = False

    def _connect(self, url: str) -> Client:
        # nats-py can wait forever on a server that wants TLS from a client not set up for it.
        within = max(5.0, 3 * self.timeout)
        try:
            return self.bridge.run(
                connect(url, name="assembly-record", auth=self.auth, refusals=self.refusals),
                timeout=within,
            )
        except TimeoutError:
            raise EventStoreUnavailable(
                f"NATS at {redact(url)} did not complete the connection in {within:g} s: does "
                "it require TLS (then set NATS_TLS_CA)? is it overloaded?"
            ) from None

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a nats-py coroutine on the private loop and wait for it."""
        return self.bridge.run(coro)

    def stream(self, spec: StreamSpec, *, create: bool, check: bool = True) -> StreamClient:
        """The command-path client for ``spec``, its stream checked (and created) once."""
        if spec.name not in self._ensured:
            js = (
                self.js
                if spec == self.spec
                else JetStream(self.nc, spec, self.timeout, self.refusals)
            )
            self.run(js.ensure_stream(create=create, check=check))
            self._ensured.add(spec.name)
        return StreamClient(self.sync, spec, self.patience)

    def stream_info(self, spec: StreamSpec) -> StreamInfo | None:
        """The stream's configuration and state as JetStream reports them; None if it does
        not exist."""
        try:
            return self.run(self.js.js.stream_info(spec.name))
        except nats.js.errors.NotFoundError:
            return None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.sync.close()
        self.close_nats()

    def close_nats(self) -> None:
        if sys.is_finalizing() or not self.bridge.alive:
            return  # at interpreter exit: the OS closes the sockets
        nc = getattr(self, "nc", None)
        if nc is not None:
            with contextlib.suppress(Exception):  # closing: nothing more to do about it
                self.bridge.run(nc.close(), timeout=5)
        self.bridge.close()
