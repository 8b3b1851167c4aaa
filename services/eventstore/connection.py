"""One NATS connection on one private loop, shared by a factory's recorders."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

from services.eventstore.bridge import LoopThread
from services.eventstore.jetstream import JetStream, connect
from services.eventstore.stream import StreamSpec

T = TypeVar("T")


class JetStreamConnection:
    def __init__(
        self, url: str, spec: StreamSpec, *, timeout: float = 5.0, credentials: str | None = None
    ) -> None:
        self.url = url
        self.spec = spec
        self.bridge = LoopThread()
        try:
            self.nc = self.bridge.run(
                connect(url, name="assembly-record", user_credentials=credentials)
            )
        except BaseException:
            self.bridge.close()
            raise
        self.js = JetStream(self.nc, spec, timeout)
        self._ensured: set[str] = set()
        self._closed = False

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.bridge.run(coro)

    def stream(self, spec: StreamSpec, *, create: bool, check: bool = True) -> JetStream:
        """A JetStream handle for ``spec``, its stream checked (and created) once."""
        js = self.js if spec == self.spec else JetStream(self.nc, spec, self.js.timeout)
        if spec.name not in self._ensured:
            self.run(js.ensure_stream(create=create, check=check))
            self._ensured.add(spec.name)
        return js

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.run(self.nc.close())
        finally:
            self.bridge.close()
