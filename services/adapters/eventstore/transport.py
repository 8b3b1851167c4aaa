"""The one way to NATS: nats-py, on an asyncio loop owned by the calling thread.

eventsourcing calls the recorders from the application's threads, and nats-py is asyncio.
Each thread that uses the store gets its own connection and its own event loop, made on
first use, and each call runs that loop until it is answered (``loop.run_until_complete``):
no hand-off to another thread, no second client. nats-py does the rest: the servers of a
cluster in random order and those it is told of (``connect_urls``), reconnects, lame-duck
mode (reported by nats-py, acted on by ``Client.move_off``), TLS, credentials (connected,
and its refusals named, in :mod:`services.adapters.eventstore.connect`). A connection that
reaches no server is tried again for the transport's ``patience`` (NATS_RETRY_SECONDS).

Here: the request/reply calls the stream client needs, answered by one or many messages
(``request_many``, ``request_batch``, ``request_deliveries``), each raising
``nats.errors.TimeoutError``, ``nats.errors.NoRespondersError`` or ``PermissionError``.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import select
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import nats.errors
from nats.aio.msg import Msg

from services.adapters.eventstore.connect import (
    Client,
    Refusals,
    connect,
    redact,
    refused,
)
from services.adapters.eventstore.errors import EventStoreUnavailable, PublishRefused
from services.adapters.eventstore.headers import encode_headers, parse_headers, publish_command
from services.config import NatsAuth

__all__ = ["Delivery", "Frame", "Reply", "Transport"]

T = TypeVar("T")
_PENDING_BYTES = 512 * 1024 * 1024  # a batch read's answers waiting on the inbox, at most
_END = frozenset({"404", "408", "409", "413"})  # a status that ends any answer
CONNECT_PAUSE = 0.1  # first pause before connecting again while no server can be reached
MAX_CONNECT_PAUSE = 1.0
_READ_SIZE = 1 << 20  # bytes per read of the socket by the waiting thread
TURN_EVERY = 0.05  # seconds: a thread that waits reading the socket itself gives nats-py's
# tasks (subscriptions, pings, timers) a turn of the loop at least this often


# A consumer's delivery: subject, stream sequence, consumer sequence, time stamp (ns since the
# epoch), messages pending after it, header block (b"": none), payload. A delivery whose reply
# subject cannot be read has consumer sequence 0 (never the next one: the read is refused).
Delivery = tuple[str, int, int, int, int, bytes, bytes]
Frame = tuple[bytes, bytes]  # a message of a batched direct get: header block, payload
# A message as it came to a link's inbox: subject, reply subject, payload, header block.
Raw = tuple[bytes, bytes, bytes, bytes | None]


class Reply:
    """The message that ended an answer: its status (None: a plain reply), headers, data."""

    __slots__ = ("data", "headers")

    def __init__(self, headers: dict[str, str] | None, data: bytes) -> None:
        self.headers = headers or {}
        self.data = data

    @property
    def status(self) -> str | None:
        return self.headers.get("Status")


class _Answer:
    """The messages that answer one request, gathered as they come to the inbox."""

    __slots__ = ("done", "end", "msgs", "subject", "wake", "want")

    def __init__(self, loop: asyncio.AbstractEventLoop, subject: str, want: int) -> None:
        self.subject = subject  # the request's, to fail it when NATS refuses it
        self.want = want  # 1: one reply; 0: until a status; n: a pull of n deliveries
        self.msgs: list[Any] = []  # Raw messages; a pull's: Delivery tuples
        self.end: Reply | None = None
        self.done: asyncio.Future[None] = loop.create_future()
        # While ``wait`` runs the loop for this answer: what stops the loop once it is
        # complete, in the very turn that completes it (a callback of ``done`` would take
        # one turn more).
        self.wake: Callable[[], None] | None = None

    def finish(self) -> None:
        self.done.set_result(None)
        if self.wake is not None:
            self.wake()

    def fail(self, error: BaseException) -> None:
        self.done.set_exception(error)
        if self.wake is not None:
            self.wake()

    def take(self, subject: bytes, reply: bytes, data: bytes, block: bytes | None) -> None:
        status = _status(block)
        if status == "503":
            self.fail(nats.errors.NoRespondersError())
            return
        if self.want == 1 or (status is not None and (self.want == 0 or status in _END)):
            self.end = Reply(parse_headers(block) if block else {}, data)
            self.finish()
        elif status is None:
            self.msgs.append((subject, reply, data, block))

    def deliver(self, delivery: Delivery) -> None:
        """One of a pull's deliveries: the pull is answered at ``want``, or at the last
        pending one."""
        msgs = self.msgs
        msgs.append(delivery)
        if len(msgs) == self.want or delivery[4] == 0:
            self.finish()


def _status(block: bytes | None) -> str | None:
    """The inline status of a header block (``NATS/1.0 204 EOB``), if it has one."""
    if block is None or block[8:9] != b" ":
        return None
    return block[9:12].decode()


class _Link:
    """One thread's connection and the event loop it runs on."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.loop = asyncio.new_event_loop()
        self.refusals = Refusals(transport.auth)
        self.refusals.watch = self._refused
        self.answers: dict[bytes, _Answer] = {}  # by reply subject
        # A consumer's deliveries come with their own subjects, not the pull's reply subject:
        # they go to the oldest pull of that consumer still gathering.
        self.pulls: dict[bytes, deque[bytes]] = {}
        self.ahead: tuple[str, bytes, str] | None = None  # a pull sent before it is asked
        self._next = 0
        self.reads_here = True  # False: every answer is waited for by running the loop
        self._poll: tuple[int, select.poll] | None = None
        self._turned = time.monotonic()
        try:
            self.nc: Client = self._connect()
        except BaseException:
            with contextlib.suppress(Exception):
                self.loop.run_until_complete(_cancel_tasks())
            self.loop.close()
            raise

    def _connect(self) -> Client:
        """The connection, tried again while no server can be reached, for the transport's
        ``patience``: a command started while NATS restarts waits for it to be back. A
        refusal (credentials, TLS) or a server too old is said at once."""
        t = self.transport
        deadline = time.monotonic() + t.patience
        pause = CONNECT_PAUSE
        while True:
            try:
                return self.run(self._open(), within=max(5.0, 3 * t.timeout))
            except EventStoreUnavailable as e:
                unreached = e.__cause__ is not None and self.refusals.tls is None
                left = deadline - time.monotonic()
                if not unreached or isinstance(e, PublishRefused):
                    raise  # refused, or connected and then not answered: said at once
                if left <= 0:
                    if t.patience <= 0:
                        raise
                    raise EventStoreUnavailable(
                        f"{e} (tried for {t.patience:g} s, NATS_RETRY_SECONDS)"
                    ) from e.__cause__
            time.sleep(min(pause, max(left, 0.0)))
            pause = min(pause * 2, MAX_CONNECT_PAUSE)

    async def _open(self) -> Client:
        t = self.transport
        nc = await connect(
            ",".join(t.servers), name=t.name, timeout=t.timeout, auth=t.auth, refusals=self.refusals
        )
        self.inbox = nc.new_inbox()
        sub = await nc.subscribe(
            f"{self.inbox}.*",
            cb=self._deliver,
            pending_msgs_limit=-1,
            pending_bytes_limit=_PENDING_BYTES,
        )
        if isinstance(nc, Client):
            nc.shortcut = (sub._id, self._take)
        return nc

    def run(self, coro: Coroutine[Any, Any, T], within: float | None = None) -> T:
        if self.loop.is_running():
            coro.close()
            raise RuntimeError("the NATS connection is in use by its own loop; await instead")
        if within is None:
            return self.loop.run_until_complete(coro)
        try:
            return self.loop.run_until_complete(asyncio.wait_for(coro, within))
        except TimeoutError:
            self.refusals.check_connect()  # a refusal said meanwhile (TLS, credentials)
            raise EventStoreUnavailable(
                f"NATS at {redact(','.join(self.transport.servers))} did not complete the "
                f"connection in {within:g} s: does it require TLS (then set NATS_TLS_CA)? "
                "is it overloaded?"
            ) from None

    async def _deliver(self, msg: Msg) -> None:
        """A message that came the usual way (nats-py's subscription callback)."""
        block = encode_headers(msg.headers) if msg.headers else None
        self._take(msg.subject.encode(), msg.reply.encode(), msg.data, block)

    def _take(self, subject: bytes, reply: bytes, data: bytes, block: bytes | None) -> None:
        answer = self.answers.get(subject)
        if answer is not None:
            if not answer.done.done():
                answer.take(subject, reply, data, block)
            return
        if reply[:8] != b"$JS.ACK.":
            return  # a late answer to a request given up
        # A delivery: its reply subject is read once, for its consumer and its metadata:
        # ``$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>``, or the
        # same after a domain and an account hash, with a token after (12 tokens).
        tokens = reply.split(b".")
        if len(tokens) == 9:
            at = 5
        elif len(tokens) >= 11:
            at = 7
        else:
            return  # not a delivery that can be read: the pull comes up short, and says so
        answer = self._puller(tokens[at - 2])
        if answer is None:
            return
        try:
            meta = int(tokens[at]), int(tokens[at + 1]), int(tokens[at + 2]), int(tokens[at + 3])
        except ValueError:
            meta = (0, 0, 0, -1)  # consumer sequence 0: never the next one, the read is refused
        answer.deliver((subject.decode(), *meta, block or b"", data))

    def _puller(self, consumer: bytes) -> _Answer | None:
        queue = self.pulls.get(consumer)
        answers = self.answers
        while queue:
            answer = answers.get(queue[0])
            if answer is not None and not answer.done.done():
                return answer
            queue.popleft()
        return None

    def _refused(self, said: str) -> None:
        text = said.lower()  # nats-py lowercases the server's -ERR: said again as it said it
        for answer in self.answers.values():
            if not answer.done.done() and refused(text, answer.subject):
                answer.fail(
                    PermissionError(
                        f"NATS refused {self.transport.auth.describe()}: Permissions Violation "
                        f'for Publish to "{answer.subject}"'
                    )
                )

    async def send(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None,
        want: int,
        *,
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
        consumer: str | None = None,
    ) -> str:
        """Publish a request (after ``before``, plain publishes): its reply subject, where
        the answer gathers."""
        before = before or []
        limit = self.nc.max_payload - 4096
        for _, body, _h in [*before, (subject, data, headers)]:
            if len(body) > limit:
                raise PublishRefused(
                    f"an event of {len(body):,} bytes exceeds what the NATS server accepts "
                    f"({self.nc.max_payload:,} bytes per message): keep documents out of events "
                    "and record them by hash and location"
                )
        self._next += 1
        reply = f"{self.inbox}.{self._next}"
        key = reply.encode()
        self.answers[key] = _Answer(self.loop, subject, want)
        if consumer is not None:
            self.pulls.setdefault(consumer.encode(), deque()).append(key)
        written = [publish_command(s, "", d, h) for s, d, h in before]
        written.append(publish_command(subject, reply, data, headers))
        try:
            if None not in written:
                self.nc.queue(written)  # type: ignore[arg-type]  # no None in it
            else:  # a subject or header nats-py checks itself
                for s, d, h in before:
                    await self.nc.publish(s, d, headers=h)
                await self.nc.publish(subject, data, reply=reply, headers=headers)
        except (nats.errors.ConnectionClosedError, nats.errors.OutboundBufferLimitError) as e:
            self.answers.pop(key, None)
            raise nats.errors.TimeoutError from e  # unknown outcome: as a timeout
        return reply

    def put(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None,
        want: int,
        *,
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
        consumer: str | None = None,
    ) -> str:
        """``send``, done now, without running the loop: nats-py queues the publishes' bytes
        (``holding``: without waking its flusher), and they are written at once, in one
        write (``write_pending``). One task and several turns of the loop fewer per request
        than awaiting it in a coroutine run by the loop."""
        asyncio.set_event_loop(self.loop)  # the futures nats-py makes on the way are its
        nc = self.nc
        sending = self.send(subject, data, headers, want, before=before, consumer=consumer)
        nc.holding = True
        try:
            sending.send(None)
        except StopIteration as sent:
            reply: str = sent.value
            return reply
        finally:
            nc.holding = False
            nc.write_pending()
        sending.close()  # it had to wait (the outbound buffer is full): the outcome is unknown
        raise nats.errors.TimeoutError

    def wait(self, reply: str) -> _Answer:
        """The answer gathered on ``reply``, within the transport's timeout: read here
        (``_read_here``) while nats-py allows it, else by running the loop until it is
        complete."""
        key = reply.encode()
        answer = self.answers[key]
        done = answer.done
        deadline = time.monotonic() + self.transport.timeout
        try:
            if self.reads_here:
                self._read_here(answer, deadline)
            if not done.done():
                self._run_until(answer, deadline)
            done.result()
        except asyncio.CancelledError:
            raise nats.errors.TimeoutError from None
        finally:
            self.answers.pop(key, None)  # a late answer goes nowhere
        return answer

    def _run_until(self, answer: _Answer, deadline: float) -> None:
        """The loop runs until the answer is complete, and stops in the turn that completes
        it (no task is made to wait for it, no callback of its future scheduled)."""
        loop, done = self.loop, answer.done
        expiry = loop.call_at(loop.time() + deadline - time.monotonic(), _expire, answer)
        answer.wake = loop.stop
        try:
            while not done.done():
                loop.run_forever()
        finally:
            answer.wake = None
            expiry.cancel()
            self._turned = time.monotonic()

    def _read_here(self, answer: _Answer, deadline: float) -> None:
        """Wait for the answer as a blocking client would: read nats-py's own socket in this
        thread and give what comes to nats-py's parser (``Client.readable``, ``parse_now``),
        without a turn of the loop, a task woken or asyncio's reader in between. The same
        connection, server, credentials and protocol handling: only who waits differs.
        Returns when the answer is complete, or as soon as nats-py may not be read this way
        (TLS, a reconnection, a closed or broken socket: the loop then waits, and nats-py
        does what it does with it)."""
        nc, done = self.nc, answer.done
        while not done.done():
            fd = nc.readable()
            if fd is None:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                answer.fail(nats.errors.TimeoutError())
                return
            if not self._poller(fd).poll(left * 1000):
                continue
            try:
                data = os.read(fd, _READ_SIZE)
            except BlockingIOError:
                continue
            except OSError:
                return  # broken: nats-py's reader meets it too, and reconnects
            if not data:
                return  # closed by the server: likewise
            rest = nc.parse_now(data, self.loop)
            if rest is not None:
                self.loop.run_until_complete(rest)
        if time.monotonic() - self._turned > TURN_EVERY:
            self.loop.call_soon(self.loop.stop)
            self.loop.run_forever()
            self._turned = time.monotonic()

    def _poller(self, fd: int) -> select.poll:
        kept = self._poll
        if kept is None or kept[0] != fd:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            self._poll = kept = (fd, poller)
        return kept[1]

    def ask(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None,
        want: int,
        *,
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
    ) -> _Answer:
        if self.loop.is_running():
            raise RuntimeError("the NATS connection is in use by its own loop; await instead")
        return self.wait(self.put(subject, data, headers, want, before=before))

    def close(self) -> None:
        if self.loop.is_closed() or self.loop.is_running():
            return
        closing = self.nc.close()
        _run_or_drop(self.loop, asyncio.wait_for(closing, 5), closing)
        _run_or_drop(self.loop, _cancel_tasks())
        self.loop.close()


def _run_or_drop(loop: asyncio.AbstractEventLoop, *coroutines: Coroutine[Any, Any, Any]) -> None:
    """Run the first to its end; if it cannot be (the loop is stopping, the server gone),
    nothing more is to be done while closing, but no coroutine is left unawaited (each warned
    at exit, and hid what the tests printed)."""
    try:
        loop.run_until_complete(coroutines[0])
    except Exception:  # noqa: BLE001 - closing: nothing more to do about it
        for c in coroutines:
            c.close()


def _expire(answer: _Answer) -> None:
    if not answer.done.done():
        answer.fail(nats.errors.TimeoutError())


async def _cancel_tasks() -> None:
    current = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class Transport:
    """Connections to one NATS deployment: one per thread that uses it, made on first use
    (the first one now: if no server can be reached, tried again for ``patience`` seconds,
    then it fails in one sentence). Calls answer or raise
    ``nats.errors.TimeoutError``, ``nats.errors.NoRespondersError`` or ``PermissionError``
    (the stream client names them to the user)."""

    def __init__(
        self,
        servers: list[str],
        *,
        name: str,
        timeout: float = 5.0,
        auth: NatsAuth | None = None,
        patience: float = 0.0,
    ) -> None:
        self.servers = servers
        self.name = name
        self.timeout = timeout
        self.patience = patience  # how long a connection keeps trying to reach a server
        self.auth = auth or NatsAuth()
        self._local = threading.local()
        self._all: list[_Link] = []
        self._guard = threading.Lock()
        self._closed = False
        self.link()
        _OPEN.add(self)

    def link(self) -> _Link:
        """This thread's connection, made on first use."""
        if self._closed:
            raise RuntimeError("the NATS connection is closed")
        link: _Link | None = getattr(self._local, "link", None)
        if link is None:
            link = _Link(self)
            self._local.link = link
            with self._guard:
                self._all.append(link)
        return link

    @property
    def nc(self) -> Client:
        """This thread's nats-py client (for management calls and subscriptions)."""
        return self.link().nc

    @property
    def refusals(self) -> Refusals:
        return self.link().refusals

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a nats-py coroutine of this thread's client on this thread's loop."""
        return self.link().run(coro)

    def request_many(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None = None,
        *,
        until: str | None = "204",
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
    ) -> list[Reply]:
        """A request and its reply (``until`` None), or its replies until a status
        (``until``): here only the last is kept, and returned alone. ``before`` are plain
        publishes sent first (a batch's middle)."""
        link = self.link()
        want = 1 if until is None else 0
        answer = link.ask(subject, data, headers, want, before=before)
        assert answer.end is not None
        return [Reply(parse_headers(b) if b else {}, d) for _s, _r, d, b in answer.msgs] + [
            answer.end
        ]

    def request_batch(self, subject: str, data: bytes) -> tuple[list[Frame], Reply]:
        """A request answered by many messages and then one with a status (a batched direct
        get): the messages as (headers, payload), and the last one."""
        link = self.link()
        answer = link.ask(subject, data, None, 0)
        assert answer.end is not None
        return [(b or b"", d) for _s, _r, d, b in answer.msgs], answer.end

    def request_deliveries(
        self, subject: str, data: bytes, *, want: int, consumer: str, ahead: bool = False
    ) -> tuple[list[Delivery], Reply | None]:
        """A pull request to a JetStream consumer: its deliveries, in order, until ``want``
        of them or one after which nothing is pending; and the status that ended the pull
        early, if one did (a ``no_wait`` pull with nothing to deliver: 404).

        With ``ahead``, when ``want`` came and more are pending, the same pull is sent again
        at once, so that the server delivers the next ones while the caller works on these;
        the next identical call takes them. Not asked again on a fresh connection (a
        delivery is not redelivered): a broken connection is a timeout, and the caller
        reads the same messages another way."""
        link = self.link()
        sent, link.ahead = link.ahead, None
        if sent is not None and sent[:2] == (subject, data) and sent[2].encode() in link.answers:
            reply = sent[2]
        else:
            if sent is not None:
                link.answers.pop(sent[2].encode(), None)  # another pull's: nobody takes it now
            reply = link.put(subject, data, None, want, consumer=consumer)
        answer = link.wait(reply)
        out: list[Delivery] = answer.msgs
        if ahead and answer.end is None and len(out) == want and out[-1][4] != 0:
            again = link.put(subject, data, None, want, consumer=consumer)
            link.ahead = (subject, data, again)  # sent now: delivered while the caller works
        token, key = consumer.encode(), reply.encode()
        queue = link.pulls.get(token)
        if queue is not None and key in queue:
            queue.remove(key)
        if not queue:
            link.pulls.pop(token, None)
        return out, answer.end

    def __del__(self) -> None:
        # Dropped unclosed (a process that failed while starting): close its connections
        # now, unless a loop runs in this thread (then the OS closes the sockets at exit).
        if not getattr(self, "_closed", True) and not _loop_running():
            with contextlib.suppress(Exception):
                self.close()

    def close(self) -> None:
        self._closed = True
        if sys.is_finalizing():
            return  # at interpreter exit: the OS closes the sockets
        with self._guard:
            links, self._all = self._all, []
        for link in links:
            link.close()


_OPEN: weakref.WeakSet[Transport] = weakref.WeakSet()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@atexit.register
def _close_open() -> None:
    """At exit, close what is still open (a command that failed while starting leaves its
    connection unclosed): nats-py's tasks end cleanly instead of being destroyed pending."""
    for transport in list(_OPEN):
        with contextlib.suppress(Exception):
            transport.close()
