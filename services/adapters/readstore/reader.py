"""Reading the log in a second process while this one applies it (a long catch-up).

Reading (NATS frames, headers) and applying (decoding, read models, SQL) are
both Python work: in one process they share one core however they are
threaded. For a long catch-up (a rebuild, a new database), a child process
reads the stream through a pull consumer and sends each page back down a pipe
as plain tuples ``(sequence, aggregate id, version, wire name, payload)``,
pickled (~0.1 µs an event to load); this process turns them into
notifications and applies them, so both cores work.

The child reads exactly what ``LogSource.page`` reads (the stream's events in
sequence order, tracking and checkpoint messages left out) and ends at the
end of the log as it was when it got there. It needs nothing from its parent
but the connection settings, sent on its stdin (never on its command line:
they may hold a password), and it stops when its parent goes (a broken pipe).

Wire format on the pipe the parent passes (its file descriptor is the child's one
argument; the child's stdout goes nowhere): frames of an 8-byte big-endian length and
a pickle of ``("page", [tuples])``, ``("end", None)`` or ``("error", text)``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Generic, TypeVar

from services.adapters.eventstore.client import StreamClient, header_values
from services.adapters.eventstore.headers import parse_headers
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth

Row = tuple[int, str, int, str, bytes]  # sequence, aggregate id, version, wire name, payload
_LENGTH = struct.Struct(">Q")
AHEAD = 4  # pages taken off the pipe before they are asked for
FIRST_PAGE = 2000  # events in the child's first page, however large the others
MAX_FRAME = 1 << 31  # bytes: a longer frame is not one of ours
MAX_TEXTS = 100_000  # aggregate ids and wire names remembered, decoded
T = TypeVar("T")


class ReaderFailed(Exception):
    """The child could not read the log (it said why, or it died)."""


@dataclass(frozen=True)
class ReadOrder:
    """What the child needs to read: where the stream is, as whom, and from where."""

    servers: list[str]
    auth: NatsAuth | None
    timeout: float
    spec: StreamSpec
    after: int
    batch: int


class ReaderProcess(Generic[T]):
    """Pages of events after a position, read by a child process, in order.

    A thread of ours takes each page off the pipe as soon as the child has sent it and
    converts it (``convert``), up to ``AHEAD`` pages before they are asked for: the child
    never waits for this process to finish applying a page before it reads the next."""

    def __init__(self, order: ReadOrder, convert: Callable[[Any], T]) -> None:
        # Pages come on a pipe of their own: whatever the child prints (a sitecustomize, a
        # module at import) goes to its stdout, here nowhere, and cannot corrupt a frame.
        pages_out, pages_in = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "services.adapters.readstore.reader", str(pages_in)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                pass_fds=(pages_in,),
            )
        except BaseException:
            os.close(pages_out)
            raise
        finally:
            os.close(pages_in)
        assert self._proc.stdin is not None
        self._out: IO[bytes] = os.fdopen(pages_out, "rb")
        self._pages: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
        self._closing = threading.Event()
        try:
            self._proc.stdin.write(pickle.dumps(order))
            self._proc.stdin.close()
        except OSError as e:
            self._proc.kill()
            self._proc.wait()
            raise ReaderFailed(f"the log reader did not start: {e}") from e
        self._receiver = threading.Thread(
            target=self._receive, args=(convert,), name="log-reader-pipe", daemon=True
        )
        self._receiver.start()

    def pages(self) -> Iterator[T]:
        """Each page as it comes; ends at the log's end; ReaderFailed if the child fails."""
        while True:
            kind, body = self._pages.get()
            if kind == "end":
                return
            if kind == "error":
                raise ReaderFailed(body)
            yield body

    def _receive(self, convert: Callable[[Any], T]) -> None:
        try:
            while not self._closing.is_set():
                kind, body = self._frame()
                if kind == "error":
                    body = f"the log reader failed: {body}"
                self._pages.put((kind, convert(body) if kind == "page" else body))
                if kind != "page":
                    return
        except ReaderFailed as e:
            self._pages.put(("error", str(e)))
        except Exception as e:  # noqa: BLE001 (whatever it is, the reader is done: say so)
            self._pages.put(("error", f"the log reader's pages cannot be read: {e!r}"))

    def _frame(self) -> tuple[str, Any]:
        head = self._out.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            raise ReaderFailed(f"the log reader stopped (exit code {self._proc.poll()})")
        (size,) = _LENGTH.unpack(head)
        if size > MAX_FRAME:
            raise ReaderFailed(f"the log reader sent a frame of {size} bytes: not a page")
        body = self._out.read(size)
        if len(body) < size:
            raise ReaderFailed("the log reader stopped mid-page")
        frame: tuple[str, Any] = pickle.loads(body)  # noqa: S301 (our own child, a pipe)
        return frame

    def close(self) -> None:
        """Stop the child (if it still reads), our thread, and reap the child."""
        self._closing.set()
        proc = self._proc
        if proc.poll() is None:
            proc.terminate()  # our thread then reads the end of the pipe
        while self._receiver.is_alive():  # it may wait to hand over a page: take them
            with contextlib.suppress(queue.Empty):
                self._pages.get(timeout=0.05)
        self._out.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the child --------------------------------------------------------------------------------


def _read(order: ReadOrder, send: Any) -> None:
    transport = Transport(
        order.servers, name="assembly-reader", timeout=order.timeout, auth=order.auth
    )
    try:
        for page in _pages(StreamClient(transport, order.spec), order):
            send(("page", page))
        send(("end", None))
    finally:
        transport.close()


def _pages(js: StreamClient, order: ReadOrder) -> Iterator[list[Row]]:
    """The log's events after ``order.after``, in pages; deliveries parsed as they come (one
    regex for the three headers the read models need, the whole block only when that
    cannot be)."""
    names = (H_ID, H_VERSION, H_TOPIC)
    events = order.spec.events + "."
    page: list[Row] = []
    append = page.append
    size = min(order.batch, FIRST_PAGE)  # the parent waits for the first: send it soon
    texts: dict[bytes, str] = {}
    for deliveries in js.pull(order.after + 1, order.batch):
        for subject, seq, _c, _ns, _p, block, data in deliveries:
            if not subject.startswith(events):
                continue  # a process application's tracking position, or a checkpoint
            values = header_values(block, names)
            if values is None:
                h = parse_headers(block)
                append((seq, h[H_ID], int(h[H_VERSION]), h[H_TOPIC], data))
            else:
                raw_id, version, topic = values
                if len(texts) > MAX_TEXTS:
                    texts.clear()
                # One str per id and per wire name: pickled once a page, then by reference.
                raw = texts.get(raw_id) or texts.setdefault(raw_id, raw_id.decode())
                name = texts.get(topic) or texts.setdefault(topic, topic.decode())
                append((seq, raw, int(version), name, data))
            if len(page) == size:
                yield page
                page, size = [], order.batch
                append = page.append
    if page:
        yield page


def main() -> int:
    """``python -m services.adapters.readstore.reader FD``: the order on stdin, pages on FD."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    gc.disable()  # a page's objects are all alive until sent: nothing for the collector
    fd = int(sys.argv[1])
    out = os.fdopen(fd, "wb")

    def send(frame: tuple[str, Any]) -> None:
        body = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(body)))
        out.write(body)
        out.flush()

    try:
        order: ReadOrder = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (from our parent)
        _read(order, send)
    except BrokenPipeError:
        # The parent has gone or stopped reading: nothing more to say, even at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
        return 0
    except Exception as e:  # noqa: BLE001 (told to the parent, which reads on in-process)
        with contextlib.suppress(BrokenPipeError):
            send(("error", f"{type(e).__name__}: {e}"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
