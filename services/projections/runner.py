"""The projection worker: the log, applied to every read model exactly once.

Each batch of events becomes one transaction holding the read models' row
changes and their new positions. A position moves by compare-and-set (from
the position this worker read to the batch's last event), so when two workers
(or a worker and `assembly show` catching up) apply the same batch, one
commits and the other rolls back and re-reads the positions. A worker killed
at any point loses only its uncommitted transaction, and starts again after
the last committed position: a redelivered event is never applied twice.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import msgspec
from eventsourcing.persistence import Notification
from sqlalchemy import Engine, update

from core.events import event_type
from projections.catalogue import READ_MODELS
from projections.changes import Change, Fact, Handler, ReadModel
from projections.schema import positions
from services.eventstore.mapper import MsgspecMapper
from services.projections.batch import Batch, ProjectionError
from services.projections.database import ensure_schema, read_positions, reading, writing
from services.projections.source import LogSource

BATCH = 2000
IDLE_SECONDS = 5.0  # a wake-up may be missed across a reconnection: look anyway this often

Hook = Callable[[Sequence[Notification]], None]
_UNKNOWN: Any = object()  # a wire name not seen yet


class Moved(Exception):
    """Another worker committed these positions first."""


class NotCaughtUp(Exception):
    """The read models did not reach a position in the time allowed."""

    def __init__(self, position: int, target: int, seconds: float) -> None:
        super().__init__(
            f"the read models are at log position {position}, not yet at {target}, after "
            f"{seconds:g} s: they are still catching up. Run `assembly projections run` "
            "(the worker), or ask again with a longer --wait"
        )
        self.position, self.target = position, target


class Projector:
    def __init__(
        self,
        engine: Engine,
        source: LogSource,
        models: tuple[ReadModel, ...] = READ_MODELS,
        batch: int = BATCH,
        before_commit: Hook | None = None,
    ) -> None:
        self.engine, self.source, self.models = engine, source, models
        self.batch = batch
        self.before_commit = before_commit
        self._routes: dict[str, list[tuple[ReadModel, Handler]]] = {}
        self._decoders: dict[str, Any] = {}  # wire name -> decode(notification), or None
        self.stopping = threading.Event()
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-reader")
        ensure_schema(engine, models)
        self.positions = self._read_positions()

    def _read_positions(self) -> dict[str, int]:
        with reading(self.engine) as conn:
            stored = read_positions(conn)
        return {m.name: stored[m.name] for m in self.models}

    @property
    def position(self) -> int:
        """How far every read model has got."""
        return min(self.positions.values())

    def catch_up(
        self,
        until: int | None = None,
        deadline: float | None = None,
        progress: Callable[[int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Apply pages until the log is exhausted (or ``until`` is reached); returns the position.

        The next page is read while this one is applied. Pages are contiguous from where
        this worker stands; after another worker moved the positions, reading starts again
        from them, so no page is ever skipped. With a deadline (``time.monotonic()``) or a
        stop event, it returns between transactions."""
        while until is None or self.position < until:
            for page in self._pages(self.position):
                before = self.position
                moved = not self.apply(page)
                if progress is not None:
                    progress(max(self.position - before, 0))
                late = deadline is not None and time.monotonic() > deadline
                if late or (stop is not None and stop.is_set()):
                    return self.position
                if moved or (until is not None and self.position >= until):
                    break
            else:
                return self.position  # the log is exhausted
        return self.position

    def _pages(self, after: int) -> Iterator[Sequence[Notification]]:
        """Pages from ``after`` on, each read (by one thread: one connection) while the one
        before is applied."""
        upcoming = self._reader.submit(self.source.page, after, self.batch)
        while page := upcoming.result():
            upcoming = self._reader.submit(self.source.page, page[-1].id, self.batch)
            yield page

    def apply(self, page: Sequence[Notification]) -> bool:
        """One transaction: the page's row changes and every read model's new position.

        Events at or before a read model's position are not applied to it again
        (redelivery is a no-op). False when another worker got there first.

        The cyclic garbage collector is paused meanwhile: a page holds tens of thousands
        of fresh rows (dicts), every one of them alive until the write, and the collector
        would walk them again and again (measured: ~15% of the CPU time of applying).
        Cycles made meanwhile are collected once it runs again, right after."""
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._apply(page)
        finally:
            if paused:
                gc.enable()

    def _apply(self, page: Sequence[Notification]) -> bool:
        old = dict(self.positions)
        changes: list[Change] = []
        more = changes.extend
        route, fact_of = self._route, self._fact
        behind = max(old.values(), default=0) < page[0].id  # every read model takes every event
        for n in page:
            routes = route(n.topic)
            if not behind:
                routes = [(m, h) for m, h in routes if n.id > old[m.name]]
            if not routes:
                continue
            fact = fact_of(n)
            for _model, handle in routes:
                more(handle(fact))
        batch = Batch()
        batch.add_all(changes)
        last = page[-1].id
        new = {name: max(pos, last) for name, pos in old.items()}
        try:
            with writing(self.engine) as conn:
                for name, pos in new.items():
                    if pos == old[name]:
                        continue
                    moved = conn.execute(
                        update(positions)
                        .where(positions.c.name == name, positions.c.position == old[name])
                        .values(position=pos)
                    )
                    if moved.rowcount != 1:
                        raise Moved
                batch.write(conn)
                if self.before_commit is not None:
                    self.before_commit(page)
        except Moved:
            self.positions = self._read_positions()
            return False
        self.positions = new
        return True

    def _route(self, topic: str) -> list[tuple[ReadModel, Handler]]:
        routes = self._routes.get(topic)
        if routes is None:
            found = [(m, m.handler(topic)) for m in self.models]
            routes = self._routes[topic] = [(m, h) for m, h in found if h is not None]
        return routes

    def _fact(self, n: Notification) -> Fact:
        topic = n.topic
        decode = self._decoders.get(topic, _UNKNOWN)
        if decode is _UNKNOWN:
            decode = self._decoders[topic] = self._decoder(topic)
        event = None
        if decode is not None:
            try:
                event = decode(n)
            except Exception as e:
                raise ProjectionError(f"log position {n.id} ({topic}): {e}") from e
        return Fact(n.id, topic, n.originator_id, n.originator_version, n.state, event)

    def _decoder(self, topic: str) -> Callable[[Notification], Any] | None:
        """How the core event of a wire name is decoded: None when the core does not know
        the name. With the project's plain msgspec mapping (no cipher, no compression)
        msgspec decodes it directly, by the class the name names, else the mapper does."""
        cls = event_type(topic)
        if cls is None:
            return None
        mapper = self.source.mapper
        if not isinstance(mapper, MsgspecMapper) or mapper.cipher or mapper.compressor:
            return mapper.to_domain_event
        decoder = msgspec.json.Decoder(cls).decode

        def decode(n: Notification) -> Any:
            event = decoder(n.state)
            if (
                event.originator_version != n.originator_version
                or event.originator_id != n.originator_id
            ):
                raise ProjectionError(
                    f"log position {n.id}: the payload says {event.originator_id} "
                    f"v{event.originator_version}, the log {n.originator_id} "
                    f"v{n.originator_version}"
                )
            return event

        return decode

    def wait_for(self, target: int, seconds: float) -> int:
        """Read your own write: catch up to ``target`` in this process (exactly once, even
        alongside a running worker), or raise NotCaughtUp after ``seconds``."""
        deadline = time.monotonic() + seconds
        while self.position < target:
            self.catch_up(until=target, deadline=deadline)
            if self.position >= target:
                break
            if time.monotonic() > deadline:
                raise NotCaughtUp(self.position, target, seconds)
            if self.source.head() < target:
                raise ProjectionError(f"log position {target} is beyond the log's last event")
        return self.position

    def close(self) -> None:
        self._reader.shutdown(wait=True)

    def interrupt(self) -> None:
        """Ask ``run`` to return after the transaction in flight (safe from a signal handler)."""
        self.stopping.set()
        self.source.woken.set()

    def run(self, on_batch: Callable[[int], None] | None = None) -> None:
        """Follow the log until interrupted; a batch in flight is committed first."""
        stop = self.stopping
        self.source.listen()
        try:
            while not stop.is_set():
                self.source.woken.clear()
                before = self.position
                self.catch_up(stop=stop)
                if on_batch is not None and self.position != before:
                    on_batch(self.position)
                self.source.woken.wait(IDLE_SECONDS)
                if stop.is_set():
                    break
        finally:
            self.source.close()
