"""Looking at the server and stream without the application: for status and init."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.adapters.embedded import resolve_nats_url
from services.adapters.eventstore.connect import redact
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.errors import StreamMissing
from services.adapters.eventstore.jetstream import stream_state
from services.adapters.eventstore.stream import StreamSpec, config_problems
from services.config import Settings


def stream_report(
    settings: Settings, announce: Callable[[str], None], *, create: bool = False
) -> dict[str, Any]:
    url = resolve_nats_url(settings, announce)
    spec = StreamSpec(settings.stream, settings.subject_prefix, settings.replicas)
    conn = JetStreamConnection(
        url, spec, auth=settings.nats_auth, patience=settings.nats_retry_seconds
    )
    try:
        if create:
            conn.stream(spec, create=True)
        return conn.run(_report(conn, spec, url, embedded=not settings.nats_url))
    finally:
        conn.close()


async def _report(
    conn: JetStreamConnection, spec: StreamSpec, url: str, *, embedded: bool
) -> dict[str, Any]:
    sv = conn.nc.connected_server_version
    base = {
        "url": redact(url),
        "embedded": embedded,
        "stream": spec.name,
        "server_version": f"{sv.major}.{sv.minor}.{sv.patch}",
    }
    state = await stream_state(conn.nc, spec.name, conn.timeout)
    if state is None:
        raise StreamMissing(
            f"stream {spec.name!r} does not exist yet on {redact(url)}; `assembly server init` "
            "creates it (any command that records an event does too)"
        )
    return {
        **base,
        "messages": state.messages,
        "last_seq": state.last_seq,
        "replicas": state.settings.get("num_replicas"),
        "problems": config_problems(state.settings, spec),
    }
