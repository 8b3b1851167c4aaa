"""nats-py: creating and checking the stream (subscriptions: ``sources``).

Connecting, the connect options and what NATS refusals mean are in
:mod:`services.adapters.eventstore.transport`; the stream's publishes and reads in
:mod:`services.adapters.eventstore.client`.
"""

from __future__ import annotations

import json

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
from services.adapters.eventstore.stream import (
    StreamSettings,
    StreamSpec,
    StreamState,
    config_problems,
)

__all__ = ["JetStream", "stream_state"]

_NOT_FOUND = 10059  # JetStream's "stream not found"


async def stream_state(nc: Client, name: str, timeout: float) -> StreamState | None:
    """The stream as JetStream reports it, every setting of its configuration kept: nats-py's
    ``StreamConfig`` drops the settings it does not know, which the check must see. None if
    the stream does not exist."""
    msg = await nc.request(f"$JS.API.STREAM.INFO.{name}", b"", timeout=timeout)
    answer = json.loads(msg.data)
    error = answer.get("error")
    if error:
        if error.get("err_code") == _NOT_FOUND:
            return None
        raise nats.js.errors.APIError.from_error(error)
    state = answer["state"]
    return StreamState(
        StreamSettings(answer["config"]), int(state["messages"]), int(state["last_seq"])
    )


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
            state = await stream_state(self.nc, name, self.timeout)
            if state is None:
                if not create:
                    raise StreamMissing(
                        f"stream {name!r} does not exist on the NATS server; "
                        "create it with `assembly server init` or let the store create it"
                    )
                await self._create()
                state = await stream_state(self.nc, name, self.timeout)
                assert state is not None  # just created, and streams are never deleted
        except (ValueError, KeyError, nats.js.errors.APIError) as e:
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
            problems = config_problems(state.settings, self.spec)
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
