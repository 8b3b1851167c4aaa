"""nats-py itself, connected as one role (or as nobody): no project code between a test
and the server, as a hostile program on the same machine would be."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import nats
import nats.errors
from nats.aio.client import Client

from tests.security.conftest import Secured


@dataclass
class Raw:
    nc: Client
    errors: list[str] = field(default_factory=list)

    def refused(self, what: str) -> bool:
        """Whether the server refused ``what`` ('Publish to "x"' or 'Subscription to "x"')."""
        return any(f"permissions violation for {what.lower()}" in e.lower() for e in self.errors)

    async def ask(self, subject: str, body: Any = b"", timeout: float = 0.5) -> dict[str, Any]:
        """A JetStream API request; {} if no answer came (a refused request just times out)."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            msg = await self.nc.request(subject, data, timeout=timeout)
        except nats.errors.TimeoutError:
            await asyncio.sleep(0.05)  # the refusal reaches the error callback
            return {}
        return dict(json.loads(msg.data)) if msg.data else {}

    async def close(self) -> None:
        await self.nc.close()


async def connect(url: str, role: str | None, password: str = "", inbox: str | None = None) -> Raw:
    raw = Raw(Client())

    async def on_error(e: Exception) -> None:
        raw.errors.append(str(e))

    options: dict[str, Any] = {}
    if role is not None:
        options = {"user": role, "password": password, "inbox_prefix": inbox or f"_INBOX_{role}"}
    elif inbox is not None:
        options = {"inbox_prefix": inbox}
    await raw.nc.connect(
        url, error_cb=on_error, allow_reconnect=False, connect_timeout=2, **options
    )
    return raw


async def as_role(server: Secured, role: str, inbox: str | None = None) -> Raw:
    return await connect(server.url, role, server.password(role), inbox)
