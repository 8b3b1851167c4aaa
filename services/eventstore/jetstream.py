"""nats-py: connecting, creating and checking the stream, and (elsewhere) subscriptions.

The command path's publishes and reads go through :mod:`services.eventstore.client`
instead, on a blocking connection in the caller's thread.
"""

from __future__ import annotations

import re

import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client

from services.eventstore.errors import (
    EventStoreUnavailable,
    ServerTooOld,
    StreamMisconfigured,
    StreamMissing,
    StreamNotCreated,
)
from services.eventstore.stream import MIN_SERVER_VERSION, StreamSpec, config_problems


def redact(url: str) -> str:
    """A server URL fit to print: any user and password replaced by ***."""
    return re.sub(r"//[^/@,]+@", "//***@", url)


def servers(url: str) -> list[str]:
    """NATS_URL may list a cluster's servers, comma-separated."""
    return [u.strip() for u in url.split(",") if u.strip()]


async def connect(
    url: str, *, name: str, timeout: float = 2.0, user_credentials: str | None = None
) -> Client:
    """Connect, or say in one sentence why not."""

    async def quiet(_: Exception) -> None:
        return None

    try:
        nc = await nats.connect(
            servers(url),
            name=name,
            connect_timeout=timeout,
            allow_reconnect=True,
            max_reconnect_attempts=1,  # the first connection fails fast...
            reconnect_time_wait=0.5,
            error_cb=quiet,
            user_credentials=user_credentials,
        )
    except (TimeoutError, nats.errors.NoServersError, OSError, nats.errors.Error) as e:
        raise EventStoreUnavailable(
            f"cannot reach NATS at {redact(url)} ({type(e).__name__}); is the server running? "
            "Check NATS_URL, or unset it to use the embedded server"
        ) from e
    nc.options["max_reconnect_attempts"] = -1  # ...once connected, ride out restarts
    sv = nc.connected_server_version
    version = (sv.major, sv.minor, sv.patch)
    if version < MIN_SERVER_VERSION:
        await nc.close()
        raise ServerTooOld(
            f"NATS server at {redact(url)} is {'.'.join(map(str, version))}; atomic batch publish "
            f"needs {'.'.join(map(str, MIN_SERVER_VERSION))} or newer"
        )
    return nc


class JetStream:
    """The stream's management (create, check) and subscriptions, on nats-py."""

    def __init__(self, nc: Client, spec: StreamSpec, timeout: float = 5.0) -> None:
        self.nc = nc
        self.spec = spec
        self.timeout = timeout
        self.js = nc.jetstream(timeout=timeout)

    async def ensure_stream(self, *, create: bool, check: bool = True) -> None:
        try:
            info = await self.js.stream_info(self.spec.name)
        except nats.js.errors.NotFoundError:
            if not create:
                raise StreamMissing(
                    f"stream {self.spec.name!r} does not exist on the NATS server; "
                    "create it with `assembly server init` or let the store create it"
                ) from None
            try:
                info = await self.js.add_stream(self.spec.config())
            except nats.js.errors.APIError as e:
                if e.err_code != 10058:  # 10058: created concurrently by another process
                    raise StreamNotCreated(
                        f"NATS refused to create stream {self.spec.name!r}: {e.description} "
                        f"(error {e.err_code})"
                    ) from e
                info = await self.js.stream_info(self.spec.name)
        except (ValueError, nats.js.errors.APIError) as e:
            raise StreamNotCreated(f"cannot use stream {self.spec.name!r}: {e}") from e
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError) as e:
            raise EventStoreUnavailable(
                "NATS answered but JetStream did not: is JetStream enabled (-js)?"
            ) from e
        if check:
            problems = config_problems(info.config, self.spec)
            if problems:
                raise StreamMisconfigured(self.spec.name, problems)
