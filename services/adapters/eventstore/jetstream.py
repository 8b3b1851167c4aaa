"""nats-py: connecting, creating and checking the stream, and (elsewhere) subscriptions.

The command path's publishes and reads go through :mod:`services.adapters.eventstore.client`
instead, on a blocking connection in the caller's thread.
"""

from __future__ import annotations

from collections import deque

import nats
import nats.errors
import nats.js.api
import nats.js.errors
from nats.aio.client import Client

from services.adapters.eventstore.errors import (
    AccessDenied,
    EventStoreUnavailable,
    ServerTooOld,
    StreamMisconfigured,
    StreamMissing,
    StreamNotCreated,
)
from services.adapters.eventstore.stream import MIN_SERVER_VERSION, StreamSpec, config_problems
from services.adapters.eventstore.syncnats import nats_py_options, redact
from services.config import NatsAuth

__all__ = ["JetStream", "Refusals", "connect", "redact", "servers"]


def servers(url: str) -> list[str]:
    """NATS_URL may list a cluster's servers, comma-separated."""
    return [u.strip() for u in url.split(",") if u.strip()]


class Refusals:
    """What NATS said no to. nats-py reports a permission refusal only to its error
    callback (the request itself just times out): keep them, to explain the timeout."""

    def __init__(self, auth: NatsAuth | None = None) -> None:
        self.auth = auth or NatsAuth()
        self.seen: deque[str] = deque(maxlen=32)

    async def record(self, e: Exception) -> None:
        text = "authorization violation" if isinstance(e, nats.errors.AuthorizationError) else ""
        text = text or str(e).lower()  # nats-py lowercases the server's -ERR
        if "violation" in text:
            self.seen.append(text)

    def check(self, subject: str, why: str = "its role does not allow this act") -> None:
        """Raise AccessDenied if NATS refused a publish to ``subject``."""
        wanted = f'permissions violation for publish to "{subject.lower()}"'
        if any(wanted in text for text in self.seen):
            raise AccessDenied(f"{self.auth.describe()} may not publish to {subject}: {why}")

    def check_connect(self) -> None:
        if any("authorization violation" in text for text in self.seen):
            raise AccessDenied(
                f"NATS refused the credentials of {self.auth.describe()} "
                "(Authorization Violation): check NATS_USER and NATS_PASSWORD "
                "(or NATS_PASSWORD_FILE, NATS_CREDS)"
            )


async def connect(
    url: str,
    *,
    name: str,
    timeout: float = 2.0,
    auth: NatsAuth | None = None,
    refusals: Refusals | None = None,
) -> Client:
    """Connect, or say in one sentence why not."""
    refusals = refusals or Refusals(auth)
    try:
        nc = await nats.connect(
            servers(url),
            name=name,
            connect_timeout=timeout,
            allow_reconnect=True,
            max_reconnect_attempts=1,  # the first connection fails fast...
            reconnect_time_wait=0.5,
            error_cb=refusals.record,
            **nats_py_options(auth or NatsAuth()),
        )
    except (TimeoutError, nats.errors.NoServersError, OSError, nats.errors.Error) as e:
        if isinstance(e, nats.errors.AuthorizationError):
            await refusals.record(e)
        refusals.check_connect()
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
            problems = config_problems(info.config, self.spec)
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
