"""nats-py: creating and checking the stream (subscriptions: ``sources``).

Connecting, the connect options and what NATS refusals mean are in
:mod:`services.adapters.eventstore.transport`; the stream's publishes and reads in
:mod:`services.adapters.eventstore.client`.
"""

from __future__ import annotations

import nats.errors
import nats.js.api
import nats.js.errors
from nats.aio.client import Client

from services.adapters.eventstore.connect import Refusals
from services.adapters.eventstore.errors import (
    EventStoreUnavailable,
    StreamMisconfigured,
    StreamMissing,
    StreamNotCreated,
)
from services.adapters.eventstore.stream import StreamSettings, StreamSpec, config_problems

__all__ = ["JetStream"]


class JetStream:
    """The stream's management (create, check) and subscriptions, on nats-py."""

    def __init__(
        self,
        nc: Client,
        spec: StreamSpec,
        timeout: float = 5.0,
        refusals: Refusals | None = None,
    ) -> None:
        self.nc = nc
        self.spec = spec
        self.timeout = timeout
        self.refusals = refusals or Refusals()
        self.js = nc.jetstream(timeout=timeout)

    async def ensure_stream(self, *, create: bool, check: bool = True) -> None:
        name = self.spec.name
        try:
            try:
                info = await self.js.stream_info(name)
            except nats.js.errors.NotFoundError:
                if not create:
                    raise StreamMissing(
                        f"stream {name!r} does not exist on the NATS server; "
                        "create it with `assembly server init` or let the store create it"
                    ) from None
                info = await self._create()
        except (ValueError, nats.js.errors.APIError) as e:
            raise StreamNotCreated(f"cannot use stream {name!r}: {e}") from e
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError) as e:
            self.refusals.check(f"$JS.API.STREAM.INFO.{name}")
            self.refusals.check(
                f"$JS.API.STREAM.CREATE.{name}",
                f"stream {name!r} does not exist yet, and only the ops role may create it "
                "(`assembly server init` with the ops credentials)",
            )
            raise EventStoreUnavailable(
                "NATS answered but JetStream did not: is JetStream enabled (-js)?"
            ) from e
        if check:
            problems = config_problems(StreamSettings.of(info.config), self.spec)
            if problems:
                raise StreamMisconfigured(name, problems)

    async def _create(self) -> nats.js.api.StreamInfo:
        try:
            return await self.js.add_stream(self.spec.config())
        except nats.js.errors.APIError as e:
            if e.err_code != 10058:  # 10058: created concurrently by another process
                raise StreamNotCreated(
                    f"NATS refused to create stream {self.spec.name!r}: {e.description} "
                    f"(error {e.err_code})"
                ) from e
            return await self.js.stream_info(self.spec.name)
