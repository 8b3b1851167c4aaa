"""The JetStream calls the event store needs, with raw error codes mapped to named errors.

All coroutines here run on the private loop of :mod:`services.eventstore.bridge`.
nats-py has no atomic batch publish, so batches are sent as ADR-50 describes:
the first message as a request (the server answers empty, or with an error),
the middle ones as plain publishes, the last one with ``Nats-Batch-Commit: 1``
as a request answered by the PubAck.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec
import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.aio.msg import Msg

from services.eventstore.errors import (
    EventStoreUnavailable,
    PublishRefused,
    ServerTooOld,
    StreamMisconfigured,
    StreamMissing,
)
from services.eventstore.stream import MIN_SERVER_VERSION, StreamSpec, config_problems

CONFLICT_CODES = frozenset({10071, 10164})  # wrong last sequence: standalone, clustered
DUPLICATE_IN_BATCH = 10201  # an atomic batch carries a Nats-Msg-Id already stored
MAX_BATCH = 1000  # server default for one atomic batch


class _ApiError(msgspec.Struct):
    code: int = 0
    err_code: int = 0
    description: str = ""


class _PubAck(msgspec.Struct):
    stream: str = ""
    seq: int = 0
    duplicate: bool = False
    batch: str = ""
    count: int = 0
    error: _ApiError | None = None


class _StoredMsg(msgspec.Struct):
    subject: str
    seq: int
    hdrs: str | None = None
    data: str | None = None


class _MsgGetResponse(msgspec.Struct):
    message: _StoredMsg | None = None
    error: _ApiError | None = None


_decode_ack = msgspec.json.Decoder(_PubAck).decode
_decode_get = msgspec.json.Decoder(_MsgGetResponse).decode
_encode = msgspec.json.encode


class JetStreamError(Exception):
    """A JetStream API error with its numeric code, before mapping."""

    def __init__(self, err_code: int, description: str) -> None:
        self.err_code = err_code
        self.description = description
        super().__init__(f"JetStream error {err_code}: {description}")


@dataclass
class RawMessage:
    """A stored message as read back: subject, sequence, headers, payload."""

    subject: str
    seq: int
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes = b""


@dataclass
class Outgoing:
    subject: str
    data: bytes
    headers: dict[str, str]


def parse_header_block(raw: bytes) -> dict[str, str]:
    """Headers as the MSG.GET API returns them (a NATS/1.0 header block)."""
    headers: dict[str, str] = {}
    for line in raw.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.decode().strip()] = value.decode().strip()
    return headers


async def connect(
    url: str, *, name: str, timeout: float = 2.0, user_credentials: str | None = None
) -> Client:
    """Connect, or say in one sentence why not."""

    async def quiet(_: Exception) -> None:
        return None

    servers = [u.strip() for u in url.split(",") if u.strip()]  # a cluster: "nats://a,nats://b"
    try:
        nc = await nats.connect(
            servers,
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
            f"cannot reach NATS at {url} ({type(e).__name__}); is the server running? "
            "Check NATS_URL, or unset it to use the embedded server"
        ) from e
    nc.options["max_reconnect_attempts"] = -1  # ...once connected, ride out restarts
    sv = nc.connected_server_version
    version = (sv.major, sv.minor, sv.patch)
    if version < MIN_SERVER_VERSION:
        await nc.close()
        raise ServerTooOld(
            f"NATS server at {url} is {'.'.join(map(str, version))}; atomic batch publish "
            f"needs {'.'.join(map(str, MIN_SERVER_VERSION))} or newer"
        )
    return nc


class JetStream:
    """Thin, typed access to the few JetStream APIs the event store uses."""

    def __init__(self, nc: Client, spec: StreamSpec, timeout: float = 5.0) -> None:
        self.nc = nc
        self.spec = spec
        self.timeout = timeout
        self.js = nc.jetstream(timeout=timeout)
        self._direct = f"$JS.API.DIRECT.GET.{spec.name}"
        self._msg_get = f"$JS.API.STREAM.MSG.GET.{spec.name}"

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
            except nats.js.errors.BadRequestError as e:
                if e.err_code != 10058:  # created concurrently by another process
                    raise
                info = await self.js.stream_info(self.spec.name)
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError) as e:
            raise EventStoreUnavailable(
                "NATS answered but JetStream did not: is JetStream enabled (-js)?"
            ) from e
        if check:
            problems = config_problems(info.config, self.spec)
            if problems:
                raise StreamMisconfigured(self.spec.name, problems)

    async def _request(self, subject: str, data: bytes, headers: dict[str, str] | None) -> Msg:
        delay = 0.05
        for attempt in range(6):
            try:
                return await self.nc.request(subject, data, timeout=self.timeout, headers=headers)
            except nats.errors.NoRespondersError:
                # A leader election in a cluster: nobody answers for a moment.
                if attempt == 5:
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    async def publish(self, out: Outgoing) -> _PubAck:
        """A checked publish: the PubAck, or JetStreamError with the server's code."""
        msg = await self._request(out.subject, out.data, out.headers)
        return self._ack(msg.data)

    async def publish_batch(self, batch: Sequence[Outgoing]) -> _PubAck:
        """An atomic batch: every message is stored, or none is."""
        batch_id = uuid.uuid4().hex
        last = len(batch)
        for i, out in enumerate(batch, start=1):
            headers = dict(out.headers)
            headers["Nats-Batch-Id"] = batch_id
            headers["Nats-Batch-Sequence"] = str(i)
            if i == last:
                headers["Nats-Batch-Commit"] = "1"
                msg = await self._request(out.subject, out.data, headers)
                return self._ack(msg.data)
            if i == 1:
                msg = await self._request(out.subject, out.data, headers)
                if msg.data:
                    return self._ack(msg.data)
            else:
                await self.nc.publish(out.subject, out.data, headers=headers)
        raise ValueError("empty batch")

    @staticmethod
    def _ack(data: bytes) -> _PubAck:
        ack = _decode_ack(data)
        if ack.error is not None:
            raise JetStreamError(ack.error.err_code, ack.error.description)
        return ack

    async def last_on_subject(self, subject: str) -> RawMessage | None:
        """The last message on a subject, read from the stream leader (never stale)."""
        msg = await self._request(self._msg_get, _encode({"last_by_subj": subject}), None)
        resp = _decode_get(msg.data)
        if resp.error is not None:
            if resp.error.err_code == 10037:  # no message found
                return None
            raise PublishRefused(f"reading {subject}: {resp.error.description}")
        assert resp.message is not None
        m = resp.message
        return RawMessage(
            subject=m.subject,
            seq=m.seq,
            headers=parse_header_block(base64.b64decode(m.hdrs)) if m.hdrs else {},
            data=base64.b64decode(m.data) if m.data else b"",
        )

    async def direct_last(self, subject: str) -> Msg | None:
        """The last message on a subject (or subject wildcard) via direct get."""
        msg = await self._request(self._direct, _encode({"last_by_subj": subject}), None)
        if msg.headers and msg.headers.get("Status") == "404":
            return None
        self._raise_status(msg)
        return msg

    async def direct_batch(self, start: int, batch: int, subject: str) -> tuple[list[Msg], int]:
        """Up to ``batch`` messages on ``subject`` from sequence ``start``.

        Returns the messages and how many more match after them.
        """
        inbox = self.nc.new_inbox()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        msgs: list[Msg] = []

        async def collect(msg: Msg) -> None:
            headers = msg.headers
            if not msg.data and headers and "Status" in headers:
                status = headers["Status"]
                if not done.done():
                    if status == "204":  # end of batch
                        done.set_result(int(headers.get("Nats-Num-Pending", "0")))
                    elif status == "404":
                        done.set_result(0)
                    else:
                        done.set_exception(PublishRefused(f"direct get failed: {status} {headers}"))
                return
            msgs.append(msg)

        sub = await self.nc.subscribe(inbox, cb=collect)
        try:
            request = {"seq": start, "batch": batch, "next_by_subj": subject}
            await self.nc.publish(self._direct, _encode(request), reply=inbox)
            pending = await asyncio.wait_for(done, self.timeout)
        except TimeoutError as e:
            raise EventStoreUnavailable("NATS did not answer a read in time") from e
        finally:
            await sub.unsubscribe()
        return msgs, pending

    @staticmethod
    def _raise_status(msg: Msg) -> None:
        if msg.headers and "Status" in msg.headers and not msg.data:
            raise PublishRefused(f"direct get failed: {msg.headers}")
