"""Connecting to NATS, in one place: the servers of NATS_URL, the identity and TLS options
(``connect_options``), what each refusal means (``Refusals``, ``connect``: one sentence, the
project's errors), and the nats-py client every connection of the project uses (``Client``,
nats-py's own, with one shortcut for the transport's answers)."""

from __future__ import annotations

import asyncio
import re
import ssl
import types
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import Any

import nats.errors
from nats.aio.client import Client as NatsClient
from nats.aio.transport import TcpTransport

from services.adapters.eventstore.errors import AccessDenied, EventStoreUnavailable, ServerTooOld
from services.adapters.eventstore.stream import MIN_SERVER_VERSION
from services.config import NatsAuth

__all__ = [
    "Client",
    "Refusals",
    "connect",
    "connect_options",
    "inbox_prefix",
    "redact",
    "refused",
    "servers",
]


def redact(url: str) -> str:
    """A server URL fit to print: any user and password replaced by ***."""
    return re.sub(r"//[^/@,]+@", "//***@", url)


def servers(url: str) -> list[str]:
    """NATS_URL may list a cluster's servers, comma-separated."""
    return [u.strip() for u in url.split(",") if u.strip()]


def tls_context(auth: NatsAuth) -> ssl.SSLContext:
    """Checks the server's certificate (against NATS_TLS_CA, else the system's CAs)."""
    try:
        context = ssl.create_default_context(cafile=auth.tls_ca)
        if auth.tls_cert:
            context.load_cert_chain(auth.tls_cert, auth.tls_key)
    except (OSError, ssl.SSLError) as e:
        raise EventStoreUnavailable(
            f"cannot use the TLS files (NATS_TLS_CA, NATS_TLS_CERT, NATS_TLS_KEY): {e}"
        ) from None
    return context


def inbox_prefix(user: str) -> str:
    """Where a user's replies come: ``_INBOX_<user>``. Each role of ``assembly security
    config`` may subscribe to its own inbox only, so no role reads another's replies (a
    character that cannot stand in a subject token becomes ``_``)."""
    return "_INBOX_" + re.sub(r"[^A-Za-z0-9_-]", "_", user)


def connect_options(auth: NatsAuth) -> dict[str, Any]:
    """The identity of ``auth`` as nats-py connect() options (credentials in the URL, which
    nats-py reads itself, take precedence), and the user's own inbox prefix."""
    options: dict[str, Any] = {}
    if auth.user is not None:
        options["user"], options["password"] = auth.user, auth.password or ""
        options["inbox_prefix"] = inbox_prefix(auth.user)
    if auth.creds is not None:
        options["user_credentials"] = auth.creds
    if auth.wants_tls:
        options["tls"] = tls_context(auth)
    return options


class Refusals:
    """What NATS said no to. nats-py reports a refusal only to its error callback (the
    request itself just times out): keep them, to explain the failure, and fail at once the
    requests of ``watch`` that were refused."""

    def __init__(self, auth: NatsAuth | None = None) -> None:
        self.auth = auth or NatsAuth()
        self.seen: deque[str] = deque(maxlen=32)
        self.tls: str | None = None  # why TLS failed, if it did
        self.watch: Callable[[str], None] | None = None

    async def record(self, e: Exception) -> None:
        if isinstance(e, ssl.SSLError):
            self.tls = e.reason or str(e)
        text = "authorization violation" if isinstance(e, nats.errors.AuthorizationError) else ""
        said = str(e)
        text = text or said.lower()
        if "violation" in text:
            self.seen.append(text)
            if self.watch is not None:
                self.watch(said)

    def check(self, subject: str, why: str = "its role does not allow this act") -> None:
        """Raise AccessDenied if NATS refused a publish to ``subject``."""
        if any(refused(text, subject) for text in self.seen):
            raise AccessDenied(f"{self.auth.describe()} may not publish to {subject}: {why}")

    def check_connect(self) -> None:
        if any("authorization violation" in text for text in self.seen):
            raise AccessDenied(
                f"NATS refused the credentials of {self.auth.describe()} "
                "(Authorization Violation): check NATS_USER and NATS_PASSWORD "
                "(or NATS_PASSWORD_FILE, NATS_CREDS)"
            )
        if self.tls is not None:
            raise EventStoreUnavailable(
                f"TLS with the NATS server failed ({self.tls}): set NATS_TLS_CA to the CA "
                "that signed the server's certificate"
            )


def refused(text: str, subject: str) -> bool:
    """Whether a refusal NATS reported (lowercased) is of a publish to ``subject``."""
    return f'permissions violation for publish to "{subject.lower()}"' in text


class Client(NatsClient):
    """nats-py's client, with one shortcut: a message to a link's inbox (the answers to its
    requests, thousands to a batched read) goes straight to the link, its header block as
    it came, without the headers parsed into a dict, a ``Msg`` made, or a hop through the
    subscription's queue and task; a read then costs half as much. Everything else, and
    every other subscription, is nats-py's own. If a nats-py release stopped calling
    ``_process_msg``, the inbox's messages would come by its callback instead: slower, the
    same answers (``test_transport`` checks the shortcut is taken)."""

    shortcut: tuple[int, Callable[[bytes, bytes, bytes, bytes | None], None]] | None = None
    holding = False  # the transport is queueing a request's publishes: it writes them itself

    async def _flush_pending(self, force_flush: bool = False) -> Any:
        if self.holding and not force_flush:
            return None  # written by ``write_pending`` once the whole request is queued
        return await super()._flush_pending(force_flush)

    def queue(self, commands: list[bytes]) -> None:
        """Publishes already written out (``headers.publish_command``), queued as nats-py's
        ``publish`` queues them (refused as it refuses them: closed, or its reconnection
        buffer full), to be written by ``write_pending``."""
        if self.is_closed:
            raise nats.errors.ConnectionClosedError
        size = sum(map(len, commands))
        if not self.is_connected and (
            self._max_pending_size <= 0 or size + self._pending_data_size > self._max_pending_size
        ):
            raise nats.errors.OutboundBufferLimitError
        self._pending.extend(commands)
        self._pending_data_size += size
        self.stats["out_msgs"] += len(commands)
        self.stats["out_bytes"] += size

    def write_pending(self) -> None:
        """Write what is queued, now: the flusher's work, without the turn of the loop that
        wakes it (a checked publish then costs two turns, not four). Not connected (a
        reconnection under way): nothing is written, and nats-py sends what is queued once
        it is back, as it does for every publish; written whole at once otherwise (what
        the socket does not take at once, asyncio writes as the loop runs)."""
        if self._pending_data_size and self.is_connected and self._transport is not None:
            self._transport.writelines(self._pending)
            self._pending = []
            self._pending_data_size = 0

    def readable(self) -> int | None:
        """The connection's socket (its file descriptor), when a thread that is not running
        the loop may read it itself (``parse_now``): connected over plain TCP (asyncio
        decrypts TLS), the shortcut on, everything written (nothing waiting in asyncio's
        write buffer), and nats-py's reader waiting for data with nothing unread (what
        arrives next is parsed in order, by whoever reads it). Else None: the loop reads."""
        t = self._transport
        if self.shortcut is None or not self.is_connected or not isinstance(t, TcpTransport):
            return None
        reader, writer = t._io_reader, t._io_writer
        if reader is None or writer is None or reader._buffer or reader._waiter is None:  # type: ignore[attr-defined]
            return None
        raw = writer.transport
        if raw.get_extra_info("sslcontext") is not None or raw.get_write_buffer_size():
            return None
        sock = raw.get_extra_info("socket")
        return None if sock is None else int(sock.fileno())

    def parse_now(
        self, data: bytes, loop: asyncio.AbstractEventLoop
    ) -> Coroutine[Any, Any, Any] | None:
        """``data``, read from the socket (``readable``), given to nats-py's parser now, as
        its read loop would on ``loop`` (the connection's, set as running meanwhile: what
        nats-py starts on the way, a reconnection, is its task): the inbox's messages go to
        the shortcut, every other subscription's to its queue, a PING is answered. None once
        done; else what is left for the loop to finish (a step of nats-py's that had to
        wait, or the error that breaks the connection, handled as its read loop would)."""
        parsing = self._ps.parse(data)
        asyncio._set_running_loop(loop)
        try:
            first = parsing.send(None)
        except StopIteration:
            self.write_pending()  # a PONG, at once
            return None
        except Exception as e:  # noqa: BLE001 - what nats-py's read loop does with it
            return self._process_op_err(e)
        finally:
            asyncio._set_running_loop(None)
        return _rest_of(parsing, first)

    async def _process_msg(
        self, sid: int, subject: bytes, reply: bytes, data: bytes, headers: bytes
    ) -> None:
        shortcut = self.shortcut
        if shortcut is not None and sid == shortcut[0]:
            self.stats["in_msgs"] += 1
            self.stats["in_bytes"] += len(data)
            shortcut[1](subject, reply, data, headers)
            return
        await super()._process_msg(sid, subject, reply, data, headers)

    async def move_off(self) -> None:
        """The server is in lame-duck mode (it is being shut down): reconnect now to another
        server of the pool, instead of waiting for it to close this connection. nats-py only
        reports lame-duck mode; its own reconnection (the next server of the pool, what was
        published meanwhile sent there) does the rest. A request in flight is answered
        there or times out, and is asked again."""
        if self.is_connected:
            await self._process_op_err(nats.errors.Error("the server is in lame-duck mode"))


@types.coroutine
def _resumed(parsing: Coroutine[Any, Any, Any], first: Any) -> Generator[Any, Any, Any]:
    """A coroutine started outside the loop, that had to wait for ``first``: the rest of it,
    for the loop to run (as ``await`` would have)."""
    waiting = first
    while True:
        try:
            sent = yield waiting
        except BaseException as e:  # noqa: BLE001 - thrown into it, as into any awaited one
            try:
                waiting = parsing.throw(e)
            except StopIteration as done:
                return done.value
        else:
            try:
                waiting = parsing.send(sent)
            except StopIteration as done:
                return done.value


async def _rest_of(parsing: Coroutine[Any, Any, Any], first: Any) -> Any:
    return await _resumed(parsing, first)


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
    nc = Client()
    try:
        await nc.connect(
            servers(url),
            name=name,
            connect_timeout=timeout,  # type: ignore[arg-type]  # seconds, as nats.connect takes
            allow_reconnect=True,
            max_reconnect_attempts=1,  # the first connection fails fast...
            reconnect_time_wait=0.5,  # type: ignore[arg-type]
            error_cb=refusals.record,
            lame_duck_mode_cb=nc.move_off,
            **connect_options(auth or NatsAuth()),
        )
    except (TimeoutError, nats.errors.NoServersError, OSError, nats.errors.Error) as e:
        if isinstance(e, nats.errors.AuthorizationError):
            await refusals.record(e)
        if isinstance(e, ssl.SSLError):
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
