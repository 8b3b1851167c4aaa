"""The JetStream calls of the store, the audit and the read side, blocking, in the caller's
thread (on :mod:`services.adapters.eventstore.transport`).

nats-py has no atomic batch publish, so batches are sent as ADR-50 describes:
the first message as a request (the server answers empty, or with an error),
the middle ones as plain publishes, the last one with ``Nats-Batch-Commit: 1``
as a request answered by the PubAck.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
import nats.errors

from services.adapters.eventstore.errors import AccessDenied, EventStoreTimeout, PublishRefused
from services.adapters.eventstore.headers import header_lines, parse_headers
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Delivery, Frame, Reply, Transport

CONFLICT_CODES = frozenset({10071, 10164})  # wrong last sequence: standalone, clustered
DUPLICATE_IN_BATCH = 10201  # an atomic batch carries a Nats-Msg-Id already stored
MAX_BATCH = 1000  # server default for one atomic batch
T = TypeVar("T")
_RETRIES = 6  # "no responders" during a leader election: back off and ask again
_UNAVAILABLE = 10008  # "JetStream system temporarily unavailable": no leader yet
PULL_FROM = 1000  # whole-stream reads of batches this large go through a pull consumer
_CONSUMER_IDLE_NS = 60 * 1_000_000_000  # an abandoned read's consumer is gone after this


class _ApiError(msgspec.Struct):
    code: int = 0
    err_code: int = 0
    description: str = ""


class PubAck(msgspec.Struct):
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


class _Created(msgspec.Struct):
    error: _ApiError | None = None


class _MsgGetResponse(msgspec.Struct):
    message: _StoredMsg | None = None
    error: _ApiError | None = None


_decode_ack = msgspec.json.Decoder(PubAck).decode
_decode_get = msgspec.json.Decoder(_MsgGetResponse).decode
_decode_created = msgspec.json.Decoder(_Created).decode
_encode = msgspec.json.encode


class _NoLeaderYet(Exception):
    """JetStream answered that the stream has no leader yet (10008): a read asks again."""


class JetStreamError(Exception):
    """A JetStream API error with its numeric code, before mapping."""

    def __init__(self, err_code: int, description: str) -> None:
        self.err_code = err_code
        self.description = description
        super().__init__(f"JetStream error {err_code}: {description}")


class RawMessage:
    """A stored message as read back: subject, sequence, headers, payload.

    Read from a consumer, its header block is parsed only when ``headers`` is first
    asked for (the read models need three headers, read by ``fields``, and never the
    dict), and the headers a direct get adds are then made from the delivery's metadata.
    """

    __slots__ = ("_block", "_headers", "_meta", "data", "seq", "subject")

    def __init__(
        self,
        subject: str,
        seq: int,
        headers: dict[str, str] | None = None,
        data: bytes = b"",
        *,
        block: bytes = b"",
        meta: tuple[str, int, int, int, int] | None = None,
    ) -> None:
        self.subject, self.seq, self.data = subject, seq, data
        self._headers = headers if headers is not None or meta is not None else {}
        self._block, self._meta = block, meta

    @property
    def headers(self) -> dict[str, str]:
        h = self._headers
        if h is None:
            h = self._headers = parse_headers(self._block) if self._block else {}
            assert self._meta is not None
            stream, seq, ns, pending, last = self._meta
            h["Nats-Stream"] = stream
            h["Nats-Subject"] = self.subject
            h["Nats-Sequence"] = str(seq)
            h["Nats-Time-Stamp"] = _stamp(ns)
            h["Nats-Num-Pending"] = str(pending)
            h["Nats-Last-Sequence"] = str(last)
        return h

    def fields(self, *names: str) -> list[str]:
        """The values of these headers, as ``headers`` has them, without parsing the rest of
        the block when they come first and in this order (the writer puts them so) and do
        not come again after. A missing one is a KeyError."""
        if self._headers is None:
            values = header_values(self._block, names)
            if values is not None:
                return [v.decode() for v in values]
        h = self.headers
        return [h[name] for name in names]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawMessage):
            return NotImplemented
        return (self.subject, self.seq, self.headers, self.data) == (
            other.subject,
            other.seq,
            other.headers,
            other.data,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RawMessage(subject={self.subject!r}, seq={self.seq}, headers={self.headers!r})"


@dataclass
class Outgoing:
    subject: str
    data: bytes
    headers: dict[str, str]


def _ack(data: bytes) -> PubAck:
    ack = _decode_ack(data)
    if ack.error is not None:
        raise JetStreamError(ack.error.err_code, ack.error.description)
    return ack


def _stored(reply: Reply, subject: str) -> RawMessage:
    h = reply.headers
    return RawMessage(h.get("Nats-Subject", subject), int(h["Nats-Sequence"]), h, reply.data)


class StreamClient:
    """Publishes and reads of one stream, blocking, each on its thread's connection."""

    def __init__(self, nats_conn: Transport, spec: StreamSpec, patience: float = 20.0) -> None:
        self.nc = nats_conn
        self.spec = spec
        self.patience = patience  # how long a save keeps trying while NATS does not answer
        self._direct = f"$JS.API.DIRECT.GET.{spec.name}"
        self._msg_get = f"$JS.API.STREAM.MSG.GET.{spec.name}"
        self.pulls = True  # False once this identity may not read through a consumer
        self._backlog = 0  # messages pending after the last whole-stream batch read

    def _ask(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None = None,
        *,
        until: str | None = None,
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
        read: bool = False,
    ) -> list[Reply]:
        return self._answered(
            lambda: self.nc.request_many(subject, data, headers, until=until, before=before),
            retry=not before,
            read=read,
        )

    def _answered(self, ask: Callable[[], T], *, retry: bool = True, read: bool = False) -> T:
        """One request to JetStream, retried while no one answers (a leader election), its
        failures named: a timeout, no responders, a refusal of the identity's role. A read
        (``read``: asking changes nothing) is also asked again after a timeout, for as long
        as a save would keep trying (``patience``): a command caught by a leader election
        then waits for the new leader instead of failing at its first read."""
        delay = 0.05
        deadline = time.monotonic() + self.patience
        attempt = 0
        while True:
            try:
                return ask()
            except nats.errors.NoRespondersError as e:
                attempt += 1
                if not retry or (attempt >= _RETRIES and not read):
                    raise EventStoreTimeout(
                        "JetStream did not answer (no responders): is the stream's leader "
                        "being elected, or JetStream off?"
                    ) from e
                if read and time.monotonic() + delay > deadline:
                    raise EventStoreTimeout(
                        f"JetStream did not answer for {self.patience:g} s (no responders)"
                    ) from e
            except nats.errors.TimeoutError as e:
                if not read or time.monotonic() + delay > deadline:
                    raise EventStoreTimeout("NATS did not answer in time") from e
            except _NoLeaderYet as e:  # asked of reads only: a save's writer has its own
                if time.monotonic() + delay > deadline:
                    raise PublishRefused(f"{e} (for {self.patience:g} s)") from None
            except PermissionError as e:
                raise AccessDenied(
                    f"{e}; its role does not allow this act (roles: `assembly security config`)"
                ) from e
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def publish(self, out: Outgoing) -> PubAck:
        """A checked publish: the PubAck, or JetStreamError with the server's code."""
        return _ack(self._ask(out.subject, out.data, out.headers)[0].data)

    def publish_batch(self, batch: Sequence[Outgoing]) -> PubAck:
        """An atomic batch: every message is stored, or none is."""
        if len(batch) < 2:
            raise ValueError("a batch has at least two messages")
        batch_id = uuid.uuid4().hex

        def headers(i: int, out: Outgoing) -> dict[str, str]:
            return {**out.headers, "Nats-Batch-Id": batch_id, "Nats-Batch-Sequence": str(i)}

        first = batch[0]
        started = self._ask(first.subject, first.data, headers(1, first))[0]
        if started.data:
            return _ack(started.data)
        middle = [(o.subject, o.data, headers(i, o)) for i, o in enumerate(batch[1:-1], start=2)]
        last = batch[-1]
        commit = {**headers(len(batch), last), "Nats-Batch-Commit": "1"}
        return _ack(self._ask(last.subject, last.data, commit, before=middle)[0].data)

    def last_on_subject(self, subject: str) -> RawMessage | None:
        """The last message on a subject, read from the stream leader (never stale)."""
        return self._leader_get({"last_by_subj": subject}, subject)

    def next_on_subject(self, subject: str, seq: int) -> RawMessage | None:
        """The first message on a subject at or after ``seq``, from the stream leader."""
        return self._leader_get({"seq": seq, "next_by_subj": subject}, subject)

    def _leader_get(self, query: dict[str, object], subject: str) -> RawMessage | None:
        def ask() -> _MsgGetResponse:
            replies = self.nc.request_many(self._msg_get, _encode(query), None, until=None)
            resp = _decode_get(replies[0].data)
            if resp.error is not None and resp.error.err_code == _UNAVAILABLE:
                raise _NoLeaderYet(f"reading {subject}: {resp.error.description}")
            return resp

        resp = self._answered(ask, read=True)
        if resp.error is not None:
            if resp.error.err_code == 10037:  # no message found
                return None
            raise PublishRefused(f"reading {subject}: {resp.error.description}")
        assert resp.message is not None
        m = resp.message
        return RawMessage(
            subject=m.subject,
            seq=m.seq,
            headers=parse_headers(base64.b64decode(m.hdrs)) if m.hdrs else {},
            data=base64.b64decode(m.data) if m.data else b"",
        )

    def direct_last(self, subject: str) -> RawMessage | None:
        """The last message on a subject (or subject wildcard) via direct get."""
        reply = self._ask(self._direct, _encode({"last_by_subj": subject}), read=True)[0]
        if reply.status == "404":
            return None
        if reply.status:
            raise PublishRefused(f"direct get of {subject} failed: {reply.headers}")
        return _stored(reply, subject)

    def direct_batch(
        self, start: int, batch: int, subject: str | None
    ) -> tuple[list[RawMessage], int]:
        """Up to ``batch`` messages on ``subject`` (None: any) from sequence ``start``.

        Returns the messages and how many more match after them. Reading the whole
        stream, pass None and filter: a wildcard filter makes the server search its
        subject index per message (3x slower with 10,000 aggregates). A large batch of the
        whole stream, while catching up (the last such batch left a large backlog), is
        read through a pull consumer (see ``_pulled``), the same messages with the same
        headers; else, or when that cannot be, by batched direct gets (one round trip, no
        consumer made and dropped for a reader that follows the log's tail).
        """
        if subject is None and batch >= PULL_FROM and self.pulls and self._backlog >= batch:
            name = self._consumer(start)
            if name is not None:
                try:
                    pulled = self._pulled(name, batch, 0)
                finally:
                    self._forget(name)
                if pulled is not None:
                    self._backlog = pulled[1]
                    return pulled
        query: dict[str, object] = {"seq": start, "batch": batch}
        if subject is not None:
            query["next_by_subj"] = subject
        frames, end = self._ask_batch(_encode(query))
        if end.status == "404":
            return [], 0
        if end.status != "204":
            raise PublishRefused(f"direct get of {subject} failed: {end.headers}")
        pending = int(end.headers.get("Nats-Num-Pending", "0"))
        if subject is None:
            self._backlog = pending
        return _messages(frames), pending

    # -- whole-stream reads through a pull consumer ----------------------------------------
    #
    # nats-server delivers a consumer's messages about three times as fast as it answers
    # batched direct gets, and without the six headers a direct get adds (less to send and
    # to parse): those headers are made here from the delivery's metadata, as the direct
    # get would have them. The consumer is ephemeral, in memory, without acks, and starts
    # at the sequence asked. Reads stay exact: the consumer sequence of every delivery is
    # checked to follow the last (a missed delivery is never a silent gap); when anything
    # is off (a role without consumers, a consumer gone, a broken pull), the same messages
    # are read by direct gets instead.

    def _consumer(self, start: int) -> str | None:
        name = f"read_{uuid.uuid4().hex}"
        config = {
            "stream_name": self.spec.name,
            "config": {
                "name": name,
                "deliver_policy": "by_start_sequence",
                "opt_start_seq": max(start, 1),
                "ack_policy": "none",
                "replay_policy": "instant",
                "inactive_threshold": _CONSUMER_IDLE_NS,
                "num_replicas": 1,
                "mem_storage": True,
            },
        }
        # The create subject that names no consumer: nats-server makes only ephemeral
        # consumers on it, so a role may be given it without the right to make durables.
        subject = f"$JS.API.CONSUMER.CREATE.{self.spec.name}"
        try:
            created = _decode_created(self._ask(subject, _encode(config))[0].data)
        except AccessDenied:
            self.pulls = False
            return None
        except (EventStoreTimeout, msgspec.DecodeError):
            return None
        return name if created.error is None else None

    def _forget(self, name: str) -> None:
        with contextlib.suppress(AccessDenied, EventStoreTimeout):  # else it goes once idle
            self._ask(f"$JS.API.CONSUMER.DELETE.{self.spec.name}.{name}", b"")

    def _pulled(
        self, name: str, batch: int, delivered: int, ahead: bool = False
    ) -> tuple[list[RawMessage], int] | None:
        """The next ``batch`` messages of consumer ``name`` (``delivered`` so far), and how
        many are pending after them; None if they cannot be had whole. ``ahead``: the next
        batch is asked for at once (see ``Transport.request_deliveries``)."""
        deliveries = self._next_deliveries(name, batch, ahead=ahead)
        return None if deliveries is None else _delivered(self.spec.name, deliveries, delivered)

    def _next_deliveries(self, name: str, batch: int, *, ahead: bool) -> list[Delivery] | None:
        """One pull of consumer ``name``: its deliveries, or None if the pull failed (this
        identity may not pull, no answer, the consumer gone)."""
        request = _encode({"batch": batch, "no_wait": True})
        subject = f"$JS.API.CONSUMER.MSG.NEXT.{self.spec.name}.{name}"
        try:
            deliveries, end = self.nc.request_deliveries(
                subject, request, want=batch, consumer=name, ahead=ahead
            )
        except PermissionError:
            self.pulls = False
            return None
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError):
            return None
        if end is not None and end.status not in ("404", "408"):
            return None  # the consumer is gone, or the pull was refused
        return deliveries

    def _ask_batch(self, request: bytes) -> tuple[list[Frame], Reply]:
        """A batched direct get, with ``_ask``'s retries and errors."""
        return self._answered(lambda: self.nc.request_batch(self._direct, request), read=True)

    def read(self, start: int, subject: str | None, batch: int = 1000) -> Iterator[RawMessage]:
        """Every message on ``subject`` (None: any) from ``start`` to the end, in order."""
        if subject is None and batch >= PULL_FROM and self.pulls:
            name = self._consumer(start)
            if name is not None:
                try:
                    delivered = 0
                    while (pulled := self._pulled(name, batch, delivered, True)) is not None:
                        msgs, pending = pulled
                        yield from msgs
                        if not msgs or pending == 0:
                            return
                        delivered += len(msgs)
                        start = msgs[-1].seq + 1
                finally:
                    self._forget(name)
        while True:  # batch by batch, from where the consumer stopped if it did
            msgs, pending = self.direct_batch(start, batch, subject)
            yield from msgs
            if not msgs or pending == 0:
                return
            start = msgs[-1].seq + 1

    def pull(self, start: int, batch: int) -> Iterator[list[Delivery]]:
        """Every message from ``start`` to the end of the stream, as an ephemeral pull
        consumer delivers them, ``batch`` at a time (the next batch asked for ahead), for a
        reader that parses deliveries itself. Consumer sequences must follow on. Raises
        ReadInterrupted if they do not, or if no consumer can be made or pulled: the caller
        reads on another way from where it got."""
        name = self._consumer(start)
        if name is None:
            raise ReadInterrupted("no consumer could be made to read the stream")
        delivered = 0
        try:
            while True:
                deliveries = self._next_deliveries(name, batch, ahead=True)
                if deliveries is None:
                    raise ReadInterrupted("pulling from the stream failed")
                if not _following(deliveries, delivered):
                    raise ReadInterrupted(f"a delivery was missed after {delivered}")
                delivered += len(deliveries)
                if deliveries:
                    yield deliveries
                if not deliveries or deliveries[-1][4] == 0:
                    return
        finally:
            self._forget(name)


class ReadInterrupted(Exception):
    """A read through a consumer could not go on (read the rest another way)."""


def _messages(frames: list[Frame]) -> list[RawMessage]:
    """Stored messages from a direct get's (header block, payload) frames."""
    out: list[RawMessage] = []
    append = out.append
    for block, data in frames:
        h = parse_headers(block)
        try:
            append(RawMessage(h["Nats-Subject"], int(h["Nats-Sequence"]), h, data))
        except (KeyError, ValueError):
            raise PublishRefused(f"a direct get answered without a stream sequence: {h}") from None
    return out


def _delivered(
    stream: str, deliveries: list[Delivery], before: int
) -> tuple[list[RawMessage], int] | None:
    """Stored messages from a consumer's deliveries (their headers as a direct get has them,
    made when first asked for), and how many are pending after the last; None if they do
    not follow on from ``before`` (see ``_following``)."""
    if not _following(deliveries, before):
        return None
    out: list[RawMessage] = []
    append = out.append
    last, pending = 0, 0  # as a batched direct get: the previous in the batch
    for subject, seq, _cseq, ns, pending, block, data in deliveries:
        meta = (stream, seq, ns, pending, last)
        append(RawMessage(subject, seq, None, data, block=block, meta=meta))
        last = seq
    return out, pending


def _following(deliveries: list[Delivery], before: int) -> bool:
    """Whether deliveries follow on from the ``before``-th: consumer sequences one by one
    (a missed delivery is never a silent gap; an unreadable one has 0), stream sequences
    rising."""
    last = 0
    for expected, (_s, seq, cseq, *_rest) in enumerate(deliveries, start=before + 1):
        if cseq != expected or seq <= last:
            return False
        last = seq
    return True


def header_values(block: bytes, names: tuple[str, ...]) -> tuple[bytes, ...] | None:
    """These headers' values as ``parse_headers`` reads them (UTF-8), read by one regex
    match: when they come first in the block, in this order, each ``Name: value`` with
    nothing to strip (printable ASCII at both ends), and none comes again after. Else None:
    parse the whole block."""
    first, again = _fields_pattern(names)
    m = first(block)
    if m is None or again(block, m.end() - 2) is not None:
        return None
    values: tuple[bytes, ...] = m.groups()
    return values


@functools.cache
def _fields_pattern(names: tuple[str, ...]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    first, again = header_lines(names)
    return re.compile(first).match, again.search


def _stamp(ns: int) -> str:
    """A time in ns since the epoch as nats-server writes it (Go's RFC3339Nano, UTC)."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    if fraction:
        return f"{_second(seconds)}.{fraction:09d}".rstrip("0") + "Z"
    return _second(seconds) + "Z"


@functools.lru_cache(maxsize=64)
def _second(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
