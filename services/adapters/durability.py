"""Does each nats-server sync a write to disk before it acknowledges it?

nats-server's default (``sync_interval`` two minutes) acknowledges a write at once and
flushes it later: on a power failure or an OS crash, acknowledged acts are lost (Jepsen's
analysis of NATS 2.12.1, 2025). A client cannot see that setting over the NATS protocol; each
server's monitoring endpoint tells it (``/varz``: ``jetstream.config.sync_always``). The
embedded server opens one on loopback; a deployment names its servers' endpoints in
``NATS_MONITOR_URL`` (comma-separated, e.g. ``http://nats1:8222,http://nats2:8222``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from typing import Any

from services.adapters.embedded import EmbeddedServer
from services.adapters.eventstore.connect import servers
from services.config import Settings

FIX = "set `sync_interval: always` in the jetstream block of its configuration"


@dataclass(frozen=True)
class ServerSync:
    """One server, as its monitoring endpoint describes it. ``syncs`` is None when it could not
    be asked (then ``detail`` says why)."""

    endpoint: str
    server: str
    syncs: bool | None
    detail: str

    def warning(self) -> str | None:
        if self.syncs is True:
            return None
        if self.syncs is None:
            return (
                "cannot tell whether writes are synced to disk before they are acknowledged: "
                + self.detail
            )
        return (
            f"{self.server} acknowledges writes before it syncs them to disk ({self.detail}): "
            f"an acknowledged act can be lost on a power failure; {FIX}"
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _interval(ns: object) -> str:
    seconds = ns / 1e9 if isinstance(ns, int | float) and ns else 120.0
    return f"it flushes every {seconds:g} s"


def ask(endpoint: str, timeout: float = 2.0) -> ServerSync:
    """The sync setting of the server behind one monitoring endpoint."""
    url = endpoint.rstrip("/") + "/varz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - http(s) only
            varz = json.loads(answer.read())
    except (OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        return ServerSync(
            endpoint, endpoint, None, f"its monitoring endpoint {url} did not answer ({reason})"
        )
    named = str(varz.get("server_name") or "")
    given = named and named != varz.get("server_id")  # unnamed servers report their id
    name = f"nats-server {named} ({endpoint})" if given else f"the nats-server at {endpoint}"
    config = (varz.get("jetstream") or {}).get("config")
    if not isinstance(config, dict):
        return ServerSync(endpoint, name, None, f"{name} does not run JetStream")
    if config.get("sync_always"):
        return ServerSync(endpoint, name, True, "sync_interval: always")
    return ServerSync(endpoint, name, False, _interval(config.get("sync_interval")))


def of_settings(settings: Settings) -> list[ServerSync]:
    """Every server the settings name, asked: NATS_MONITOR_URL's endpoints, or the embedded
    server's own when NATS_URL is unset; with none known, one entry saying how to name them."""
    if settings.nats_monitor_url:
        where = servers(settings.nats_monitor_url)
    else:
        running = None if settings.nats_url else EmbeddedServer(settings.home).running()
        where = [running.monitor_url] if running and running.monitor_url else []
    found = [ask(e) for e in where]
    if found:
        return found
    return [
        ServerSync(
            "",
            "the servers",
            None,
            "no monitoring endpoint is known; set NATS_MONITOR_URL to their monitoring "
            "endpoints (http://host:8222, comma-separated)",
        )
    ]
