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

import contextlib
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

import msgspec
from sqlalchemy import Engine, update

from core.assembly.corrections import Amendment, FactAnnulled, FactCorrected, amendment
from core.events import Event, event_type
from projections.catalogue import READ_MODELS
from projections.changes import Change, Fact, Handler, ReadModel
from projections.schema import positions
from services.adapters.eventstore.errors import EventStoreUnavailable
from services.adapters.eventstore.mapper import MsgspecMapper
from services.adapters.eventstore.upcasting import UPCASTERS
from services.adapters.readstore.batch import Batch, ProjectionError, Step
from services.adapters.readstore.database import ensure_schema, read_positions, reading, writing
from services.adapters.readstore.reader import ReaderFailed
from services.adapters.readstore.source import LogSource, Stored, stored

BATCH = 10_000
IDLE_SECONDS = 5.0  # a wake-up may be missed across a reconnection: look anyway this often
OUTAGE_PAUSE = 1.0  # first pause before reading again after NATS failed the worker
MAX_OUTAGE_PAUSE = 10.0
# Events behind the head from which a child process reads the log: its start (~0.2 s) is
# then made good (reading here costs ~8 µs an event more).
FAR_BEHIND = 50_000
# How long a thread may hold the GIL while another waits for it, during a catch-up. The
# committing thread gives it up around each SQLite call: at Python's 5 ms it then waits,
# behind the preparing thread, most of the time (measured: the commits took 3x as long).
SWITCH_SECONDS = 0.0002


class Noted(Protocol):
    """An event as the log notes it: eventsourcing's Notification, or the source's lighter
    ``Stored`` (the same fields)."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> UUID | str: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


log = logging.getLogger(__name__)
Hook = Callable[[Sequence[Noted]], None]
Plan = tuple[list[tuple[ReadModel, Handler]], Callable[[Stored], Any] | None]


class Moved(Exception):
    """Another worker committed these positions first."""


@dataclass(frozen=True)
class Prepared:
    """A page ready to commit: the positions it was prepared at and moves to, its SQL."""

    page: Sequence[Noted]
    old: dict[str, int]
    new: dict[str, int]
    steps: list[Step]


def _until_failed(pages: Iterator[list[Stored]]) -> Iterator[list[Stored]]:
    """The child's pages until it ends, or fails (said in the log: the caller reads on)."""
    try:
        yield from pages
    except ReaderFailed as e:
        log.warning("reading the rest of the log in this process: %s", e)


def _stopping(deadline: float | None, stop: threading.Event | None) -> bool:
    late = deadline is not None and time.monotonic() > deadline
    return late or (stop is not None and stop.is_set())


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
        *,
        before_commit: Hook | None = None,
    ) -> None:
        self.engine, self.source, self.models = engine, source, models
        self.batch = batch
        self.before_commit = before_commit
        self._plans: dict[str, Plan] = {}  # wire name -> read models taking it, decoder
        self.stopping = threading.Event()
        self._committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="committer")
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

        Three things go on at once: the next page is read (by the source), this one is
        prepared (decoded, applied to every read model, merged, its SQL parameters made),
        and the one before is committed by the committing thread. Pages are contiguous
        from where this worker stands; after another worker moved the positions, reading
        starts again from them, so no page is ever skipped. With a deadline
        (``time.monotonic()``) or a stop event, it returns between transactions."""
        paused, interval = gc.isenabled(), sys.getswitchinterval()
        if paused:
            gc.disable()
        sys.setswitchinterval(SWITCH_SECONDS)
        try:
            return self._catch_up(until, deadline, progress, stop)
        finally:
            sys.setswitchinterval(interval)
            if paused:
                gc.enable()

    def _catch_up(
        self,
        until: int | None,
        deadline: float | None,
        progress: Callable[[int], None] | None,
        stop: threading.Event | None,
    ) -> int:
        if self._far_behind(until):
            self._from_child(until, deadline, progress, stop)
            if _stopping(deadline, stop):
                return self.position
        while until is None or self.position < until:
            with contextlib.closing(self.source.pages(self.position, self.batch)) as pages:
                if not self._pipeline(pages, until, deadline, progress, stop):
                    break
        return self.position

    def _far_behind(self, until: int | None) -> bool:
        source = self.source
        if not isinstance(source, LogSource) or not source.processes:
            return False
        target = source.head() if until is None else until
        return target - self.position >= FAR_BEHIND

    def _from_child(
        self,
        until: int | None,
        deadline: float | None,
        progress: Callable[[int], None] | None,
        stop: threading.Event | None,
    ) -> None:
        """A long catch-up on both cores: a child process reads the log (NATS frames,
        headers: half the work) and sends pages down a pipe, applied here as they come. If
        it fails, the caller reads on in this process from where the read models are."""
        assert isinstance(self.source, LogSource)
        child = self.source.reader(self.source.order(self.position, self.batch))
        if child is None:
            return
        try:
            self._pipeline(_until_failed(child.pages()), until, deadline, progress, stop)
        finally:
            child.close()

    def _pipeline(
        self,
        pages: Iterator[Sequence[Noted]],
        until: int | None,
        deadline: float | None,
        progress: Callable[[int], None] | None,
        stop: threading.Event | None,
    ) -> bool:
        """Prepare each page while the one before commits. True when another worker moved
        the positions meanwhile (read again from them), else False: the log is exhausted,
        ``until`` reached, time is up, or asked to stop."""
        inflight: Future[bool] | None = None
        ahead = self.positions  # as they will be once the transaction in flight commits
        try:
            for page in pages:
                prepared = self.prepare(page, ahead)
                if inflight is not None:
                    landed, inflight = self._landed(inflight, progress), None
                    if not landed:
                        return True
                    if _stopping(deadline, stop):
                        return False
                inflight = self._committer.submit(self.commit, prepared)
                ahead = prepared.new
                if until is not None and min(ahead.values()) >= until:
                    break
            if inflight is not None:
                landed, inflight = self._landed(inflight, progress), None
                return not landed
            return False
        finally:
            if inflight is not None:  # leaving on an error: the transaction in flight ends first
                with contextlib.suppress(Exception):
                    inflight.result()

    def _landed(self, inflight: Future[bool], progress: Callable[[int], None] | None) -> bool:
        before = self.position
        landed: bool = inflight.result()
        if progress is not None:
            progress(max(self.position - before, 0))
        return landed

    def apply(self, page: Sequence[Noted]) -> bool:
        """One transaction: the page's row changes and every read model's new position.

        Events at or before a read model's position are not applied to it again
        (redelivery is a no-op). False when another worker got there first."""
        return self.commit(self.prepare(page, self.positions))

    def prepare(self, page: Sequence[Noted], old: dict[str, int]) -> Prepared:
        """A page's row changes, merged, as statements ready to run, for read models at the
        positions ``old``. No database is touched.

        The cyclic garbage collector is paused meanwhile: a page holds tens of thousands
        of fresh rows (dicts), every one of them alive until the write, and the collector
        would walk them again and again (measured: ~15% of the CPU time of applying).
        Cycles made meanwhile are collected once it runs again, right after."""
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._prepare(page, old)
        finally:
            if paused:
                gc.enable()

    def _prepare(self, notes: Sequence[Noted], old: dict[str, int]) -> Prepared:
        page: Sequence[Stored] = (
            notes  # type: ignore[assignment]
            if isinstance(notes[0], Stored)
            else [stored(n) for n in notes]
        )
        changes: list[Change] = []
        more = changes.extend
        plans, plan_for = self._plans, self._plan
        behind = max(old.values(), default=0) < page[0].id  # every read model takes every event
        for n in page:
            position, record, version, topic, data = n
            plan = plans.get(topic)
            if plan is None:
                plan = plan_for(topic)
            routes, decode = plan
            if not behind:
                routes = [(m, h) for m, h in routes if position > old[m.name]]
            if not routes:
                continue
            event = None if decode is None else decode(n)
            fact = Fact(position, topic, record, version, data, event)
            for _model, handle in routes:
                more(handle(fact))
        batch = Batch()
        batch.add_all(changes)
        last = page[-1].id
        new = {name: max(pos, last) for name, pos in old.items()}
        return Prepared(notes, dict(old), new, batch.steps(self.engine))

    def commit(self, prepared: Prepared) -> bool:
        """Run a prepared page in one transaction with the positions' compare-and-set.
        False (nothing written) when the positions are not those it was prepared for."""
        old, new = prepared.old, prepared.new
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
                for step in prepared.steps:
                    step(conn)
                if self.before_commit is not None:
                    self.before_commit(prepared.page)
        except Moved:
            self.positions = self._read_positions()
            return False
        self.positions = new
        return True

    def _plan(self, topic: str) -> Plan:
        """What a wire name asks: the read models that take it, and how it is decoded. A fact
        stored under a retired name goes where today's name goes, upcast to today's class."""
        current = UPCASTERS.current(topic)
        found = [(m, m.handler(current)) for m in self.models]
        routes = [(m, h) for m, h in found if h is not None]
        plan = self._plans[topic] = (routes, self._decoder(topic) if routes else None)
        return plan

    def _decoder(self, topic: str) -> Callable[[Stored], Any] | None:
        """How the core event of a wire name is decoded: None when the core does not know
        the name. With the project's plain msgspec mapping (no cipher, no compression)
        msgspec decodes it directly, by the class the name names, else the mapper does.
        Either way the payload must name the aggregate and version the log has it under."""
        cls = event_type(topic)
        retired = cls is None and topic in UPCASTERS.retired()
        if cls is None and not retired:
            return None
        mapper = self.source.mapper
        plain = (
            isinstance(mapper, MsgspecMapper)
            and not mapper.cipher
            and not mapper.compressor
            and not retired  # the mapper upcasts it
        )
        to_event = msgspec.json.Decoder(cls).decode if plain else None

        def decode(n: Stored) -> Any:
            try:
                event = to_event(n.state) if to_event else mapper.to_domain_event(n)  # type: ignore[arg-type]
            except Exception as e:
                raise ProjectionError(f"log position {n.id} ({topic}): {e}") from e
            said, logged = event.originator_id, n.originator_id
            if event.originator_version != n.originator_version or (
                said.int != logged.int  # UUID's own == is Python code; its number is not
                if said.__class__ is UUID and logged.__class__ is UUID
                else said != logged
            ):
                raise ProjectionError(
                    f"log position {n.id}: the payload says {event.originator_id} "
                    f"v{event.originator_version}, the log {n.originator_id} "
                    f"v{n.originator_version}"
                )
            return event

        if cls in (FactCorrected, FactAnnulled):
            return self._amendment(decode)
        return decode

    def _amendment(self, decode: Callable[[Stored], Any]) -> Callable[[Stored], Any]:
        """A correction reaches the read models with the fact it names, before and after."""
        app = self.source.app

        def with_fact(n: Stored) -> Amendment:
            correction = decode(n)
            try:
                before: Event | None = app.recorded(correction.position)
            except LookupError:
                before = None
            return amendment(correction, before)

        return with_fact

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
        self._committer.shutdown(wait=True)
        self.source.close()

    def interrupt(self) -> None:
        """Ask ``run`` to return after the transaction in flight (safe from a signal handler)."""
        self.stopping.set()
        self.source.woken.set()

    def run(
        self,
        on_batch: Callable[[int], None] | None = None,
        on_outage: Callable[[str], None] | None = None,
    ) -> None:
        """Follow the log until interrupted; a batch in flight is committed first.

        NATS gone (restarting, a leader being elected, a network cut) stops nothing: the
        outage is said (``on_outage``), and the worker reads again, from the positions
        committed, once NATS answers (nats-py reconnects meanwhile)."""
        stop = self.stopping
        self.source.listen()
        pause = OUTAGE_PAUSE
        try:
            while not stop.is_set():
                self.source.woken.clear()
                try:
                    # Positions as stored now: a rebuild elsewhere may have moved them back.
                    self.positions = self._read_positions()
                    before = self.position
                    self.catch_up(stop=stop)
                    if on_batch is not None and self.position != before:
                        on_batch(self.position)
                    self.source.wait(IDLE_SECONDS)
                    pause = OUTAGE_PAUSE
                except EventStoreUnavailable as e:
                    said = f"NATS unavailable ({e}); reading again in {pause:g} s"
                    log.warning("%s", said)
                    if on_outage is not None:
                        on_outage(said)
                    stop.wait(pause)
                    pause = min(pause * 2, MAX_OUTAGE_PAUSE)
                if stop.is_set():
                    break
        finally:
            self.source.unlisten()
