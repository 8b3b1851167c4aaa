"""The event store measured against raw nats-py, each pair on the same server in the same run.

"Ours" goes through an eventsourcing ``Application`` (or its recorder) on the
JetStream persistence module; "raw" does the same JetStream work with nats-py
directly in an asyncio loop, on a stream with the same configuration.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import msgspec
import nats
from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from nats.aio.client import Client
from nats.aio.msg import Msg

from bench.domain import Motion, amend, new_motion
from bench.report import Result
from services.adapters.eventstore.mapper import MsgspecMapper
from services.adapters.eventstore.stream import StreamSpec

MAPPER_TOPIC = "services.adapters.eventstore.mapper:MsgspecMapper"
H_EXPECTED = "Nats-Expected-Last-Subject-Sequence"
H_MSG_ID = "Nats-Msg-Id"
TIMEOUT = 10.0
SINGLE_TARGET = 0.8
REPLAY_TARGET = 0.5
EVENTS_PER_AGGREGATE = 10  # when seeding the replay stream
READ_DEADLINE = 300.0  # seconds for one replay before it counts as an error


class BenchApp(Application[uuid.UUID]):
    """An application on the JetStream persistence module."""


@dataclass(frozen=True)
class Sizes:
    single: int  # (a) saves timed per variant
    warmup: int  # (a) untimed saves before each timed run
    batch_rounds: tuple[tuple[int, int], ...]  # (b) (events per save, saves timed)
    replay: int  # (c) events seeded, then read back
    seed_batch: int  # (c) events per insert_events call while seeding
    rounds: int  # alternating runs of ours and raw per measurement; the best of each counts


FULL = Sizes(
    single=2000,
    warmup=200,
    batch_rounds=((10, 300), (100, 40)),
    replay=100_000,
    seed_batch=500,
    rounds=2,
)
QUICK = Sizes(
    single=200, warmup=20, batch_rounds=((10, 20), (100, 4)), replay=5_000, seed_batch=500, rounds=1
)


def unique_spec(tag: str) -> StreamSpec:
    """A fresh stream and subject prefix of its own for one measurement."""
    token = uuid.uuid4().hex[:10]
    return StreamSpec(name=f"BENCH_{tag.upper()}_{token}", prefix=f"bench_{tag}_{token}")


@contextmanager
def bench_app(url: str, spec: StreamSpec) -> Iterator[BenchApp]:
    app = BenchApp(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "NATS_URL": url,
            "ASSEMBLY_STREAM": spec.name,
            "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
            "MAPPER_TOPIC": MAPPER_TOPIC,
        }
    )
    try:
        yield app
    finally:
        app.close()


def stored(event: DomainEventProtocol[uuid.UUID]) -> StoredEvent:
    """The event as our mapper stores it: its state is the payload the raw side sends."""
    return MsgspecMapper(transcoder=JSONTranscoder()).to_stored_event(event)


def sample_payloads() -> tuple[bytes, bytes]:
    """Payloads of a created (``Tabled``) and a later (``Amended``) event."""
    motion = new_motion()
    amend(motion)
    created, amended = motion.collect_events()
    return stored(created).state, stored(amended).state


# ---------------------------------------------------------------------------- raw nats-py


def run_raw(
    url: str, spec: StreamSpec, body: Callable[[Client], Awaitable[float]], *, create: bool = True
) -> float:
    """Run ``body`` on a fresh connection in its own asyncio loop; its elapsed seconds."""

    async def main() -> float:
        nc = await nats.connect(url, name="assembly-bench-raw")
        try:
            if create:
                await nc.jetstream().add_stream(spec.config())  # the event store's own config
            return await body(nc)
        finally:
            await nc.close()

    return asyncio.run(main())


def _ack_seq(data: bytes) -> int:
    ack = msgspec.json.decode(data)
    if "error" in ack:
        raise RuntimeError(f"raw publish refused: {ack['error']}")
    return int(ack["seq"])


# The raw side stores the same message the event store does: payload and every header
# (id, version, topic, a 64-hex-digit chain link), so the ratio measures our code, not
# the size of what is stored. The values are precomputed: raw does no hashing.
_LINK = "0" * 64


async def _checked(nc: Client, subject: str, payload: bytes, expected: int, msg_id: str) -> int:
    key, _, version = msg_id.rpartition(":")
    headers = {
        "Assembly-Id": key,
        "Assembly-Version": version,
        "Assembly-Topic": "bench.domain:Motion.Amended",
        "Assembly-Prev": _LINK,
        H_MSG_ID: msg_id,
        H_EXPECTED: str(expected),
    }
    msg = await nc.request(subject, payload, timeout=TIMEOUT, headers=headers)
    return _ack_seq(msg.data)


async def _batch(
    nc: Client, subject: str, key: str, payload: bytes, version: int, size: int, expected: int
) -> int:
    """One ADR-50 atomic batch: first message a request, last one commits; the last seq."""
    batch_id = uuid.uuid4().hex
    for i in range(1, size + 1):
        headers = {
            "Assembly-Id": key,
            "Assembly-Version": str(version + i - 1),
            "Assembly-Topic": "bench.domain:Motion.Amended",
            "Assembly-Prev": _LINK,
            H_MSG_ID: f"{key}:{version + i - 1}",
            "Nats-Batch-Id": batch_id,
            "Nats-Batch-Sequence": str(i),
        }
        if i == 1:
            headers[H_EXPECTED] = str(expected)
        if i == size:
            headers["Nats-Batch-Commit"] = "1"
            msg = await nc.request(subject, payload, timeout=TIMEOUT, headers=headers)
            return _ack_seq(msg.data)
        if i == 1:
            msg = await nc.request(subject, payload, timeout=TIMEOUT, headers=headers)
            if msg.data:
                _ack_seq(msg.data)
                raise RuntimeError(f"unexpected answer to a batch's first message: {msg.data!r}")
        else:
            await nc.publish(subject, payload, headers=headers)
    raise ValueError("empty batch")


def raw_new_subjects(url: str, n: int, warmup: int, payload: bytes) -> float:
    spec = unique_spec("rawnew")

    async def body(nc: Client) -> float:
        async def one() -> None:
            key = str(uuid.uuid4())
            await _checked(nc, spec.event_subject(key), payload, 0, f"{key}:1")

        for _ in range(warmup):
            await one()
        t0 = time.perf_counter()
        for _ in range(n):
            await one()
        return time.perf_counter() - t0

    return n / run_raw(url, spec, body)


def raw_one_subject(url: str, n: int, warmup: int, payload: bytes) -> float:
    spec = unique_spec("rawone")

    async def body(nc: Client) -> float:
        key = str(uuid.uuid4())
        subject = spec.event_subject(key)
        last = 0
        for v in range(1, warmup + 1):
            last = await _checked(nc, subject, payload, last, f"{key}:{v}")
        t0 = time.perf_counter()
        for v in range(warmup + 1, warmup + n + 1):
            last = await _checked(nc, subject, payload, last, f"{key}:{v}")
        return time.perf_counter() - t0

    return n / run_raw(url, spec, body)


def raw_batches(url: str, size: int, rounds: int, payload: bytes) -> float:
    spec = unique_spec(f"rawb{size}")

    async def body(nc: Client) -> float:
        key = str(uuid.uuid4())
        subject = spec.event_subject(key)
        last = await _checked(nc, subject, payload, 0, f"{key}:1")
        version = 2
        for _ in range(2):  # warm-up
            last = await _batch(nc, subject, key, payload, version, size, last)
            version += size
        t0 = time.perf_counter()
        for _ in range(rounds):
            last = await _batch(nc, subject, key, payload, version, size, last)
            version += size
        return time.perf_counter() - t0

    return size * rounds / run_raw(url, spec, body)


def raw_ordered_consumer(url: str, spec: StreamSpec, n: int) -> float:
    async def body(nc: Client) -> float:
        js = nc.jetstream()
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        count = 0

        async def cb(_msg: Msg) -> None:
            nonlocal count
            count += 1
            if count == n and not done.done():
                done.set_result(None)

        t0 = time.perf_counter()
        sub = await js.subscribe(
            spec.all_events, stream=spec.name, cb=cb, ordered_consumer=True, idle_heartbeat=5.0
        )
        await asyncio.wait_for(done, READ_DEADLINE)
        elapsed = time.perf_counter() - t0
        await sub.unsubscribe()
        return elapsed

    return n / run_raw(url, spec, body, create=False)


# ---------------------------------------------------------------------------- ours


def ours_new_aggregates(url: str, n: int, warmup: int) -> float:
    with bench_app(url, unique_spec("new")) as app:
        for _ in range(warmup):
            app.save(new_motion())
        t0 = time.perf_counter()
        for _ in range(n):
            app.save(new_motion())
        return n / (time.perf_counter() - t0)


def ours_one_aggregate(url: str, n: int, warmup: int) -> float:
    with bench_app(url, unique_spec("one")) as app:
        created = new_motion()
        app.save(created)
        motion: Motion = app.repository.get(created.id)  # loaded once
        for _ in range(warmup):
            amend(motion)
            app.save(motion)
        t0 = time.perf_counter()
        for _ in range(n):
            amend(motion)
            app.save(motion)
        return n / (time.perf_counter() - t0)


def ours_batches(url: str, size: int, rounds: int) -> float:
    with bench_app(url, unique_spec(f"b{size}")) as app:
        motion = new_motion()
        app.save(motion)
        for _ in range(2):  # warm-up
            for _ in range(size):
                amend(motion)
            app.save(motion)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for _ in range(size):
                amend(motion)
            app.save(motion)
        return size * rounds / (time.perf_counter() - t0)


def seed(app: BenchApp, n: int, batch: int) -> float:
    """``n`` events over ``n / 10`` aggregates through ``insert_events``; events/s."""
    tabled, amended = sample_payloads()
    motion = new_motion()
    amend(motion)
    topic_tabled, topic_amended = (stored(e).topic for e in motion.collect_events())
    per_batch = max(batch // EVENTS_PER_AGGREGATE, 1)
    t0 = time.perf_counter()
    written = 0
    while written < n:
        events: list[StoredEvent] = []
        for _ in range(min(per_batch, (n - written) // EVENTS_PER_AGGREGATE)):
            oid = uuid.uuid4()
            events.append(StoredEvent(oid, 1, topic_tabled, tabled))
            events.extend(
                StoredEvent(oid, v, topic_amended, amended)
                for v in range(2, EVENTS_PER_AGGREGATE + 1)
            )
        app.recorder.insert_events(events)
        written += len(events)
    return n / (time.perf_counter() - t0)


def ours_select_notifications(app: BenchApp, n: int) -> float:
    t0 = time.perf_counter()
    count, start = 0, 1
    while count < n:
        notifications = app.recorder.select_notifications(start, limit=10_000)
        if not notifications:
            raise RuntimeError(f"select_notifications ran dry after {count} of {n}")
        count += len(notifications)
        start = notifications[-1].id + 1
    return n / (time.perf_counter() - t0)


def ours_subscribe(app: BenchApp, n: int) -> float:
    t0 = time.perf_counter()
    count = 0
    with app.recorder.subscribe(gt=0) as subscription:
        watchdog = threading.Timer(READ_DEADLINE, subscription.stop)  # never hang the bench
        watchdog.start()
        try:
            for count, _ in enumerate(subscription, start=1):
                if count == n:
                    break
            elapsed = time.perf_counter() - t0
        finally:
            watchdog.cancel()
    if count < n:
        raise RuntimeError(f"subscribe(gt=0) delivered {count} of {n} in {READ_DEADLINE:.0f} s")
    return n / elapsed


# ---------------------------------------------------------------------------- measurements

Progress = Callable[[str], None]


def best_of(rounds: int, ours: Callable[[], float], raw: Callable[[], float]) -> dict[str, Any]:
    """Alternate ours and raw ``rounds`` times; every rate, for ``_result`` to take the best."""
    runs: dict[str, list[float]] = {"ours_runs": [], "raw_runs": []}
    for _ in range(rounds):
        runs["ours_runs"].append(ours())
        runs["raw_runs"].append(raw())
    return runs


def _result(
    key: str, name: str, runs: dict[str, Any], target: float | None, count: int, **notes: Any
) -> Result:
    return Result(
        key, name, max(runs["ours_runs"]), max(runs["raw_runs"]), target, count, {**runs, **notes}
    )


def single_saves(url: str, sizes: Sizes, progress: Progress) -> list[Result]:
    tabled, amended = sample_payloads()
    n, warmup, rounds = sizes.single, sizes.warmup, sizes.rounds
    progress(f"(a1) {n} saves of new aggregates, best of {rounds}")
    a1 = best_of(
        rounds,
        lambda: ours_new_aggregates(url, n, warmup),
        lambda: raw_new_subjects(url, n, warmup, tabled),
    )
    progress(f"(a2) {n} saves of one loaded aggregate, best of {rounds}")
    a2 = best_of(
        rounds,
        lambda: ours_one_aggregate(url, n, warmup),
        lambda: raw_one_subject(url, n, warmup, amended),
    )
    return [
        _result(
            "a1",
            "single-event save, new aggregates",
            a1,
            SINGLE_TARGET,
            n,
            payload_bytes=len(tabled),
        ),
        _result(
            "a2",
            "single-event save, one aggregate",
            a2,
            SINGLE_TARGET,
            n,
            payload_bytes=len(amended),
        ),
    ]


def batch_saves(url: str, sizes: Sizes, progress: Progress) -> list[Result]:
    _, amended = sample_payloads()
    results = []
    for i, (size, saves) in enumerate(sizes.batch_rounds, start=1):
        progress(f"(b{i}) {saves} atomic saves of {size} events, best of {sizes.rounds}")
        runs = best_of(
            sizes.rounds,
            partial(ours_batches, url, size, saves),
            partial(raw_batches, url, size, saves, amended),
        )
        results.append(
            _result(
                f"b{i}",
                f"{size}-event atomic save (events/s)",
                runs,
                None,
                size * saves,
                payload_bytes=len(amended),
            )
        )
    return results


def replay(url: str, sizes: Sizes, progress: Progress) -> list[Result]:
    n = sizes.replay - sizes.replay % EVENTS_PER_AGGREGATE
    spec = unique_spec("replay")
    runs: dict[str, list[float]] = {"raw": [], "select": [], "subscribe": []}
    with bench_app(url, spec) as app:
        progress(f"(c) seeding {n:,} events in batches of {sizes.seed_batch}")
        seeded = seed(app, n, sizes.seed_batch)
        progress(f"(c) seeded at {seeded:,.0f} events/s; replaying, best of {sizes.rounds}")
        for _ in range(sizes.rounds):
            runs["raw"].append(raw_ordered_consumer(url, spec, n))
            runs["select"].append(ours_select_notifications(app, n))
            runs["subscribe"].append(ours_subscribe(app, n))
    select = {"ours_runs": runs["select"], "raw_runs": runs["raw"]}
    subscribe = {"ours_runs": runs["subscribe"], "raw_runs": runs["raw"]}
    return [
        _result(
            "c1",
            f"replay {n:,}: select_notifications",
            select,
            REPLAY_TARGET,
            n,
            seeded_per_s=seeded,
        ),
        _result(
            "c2", f"replay {n:,}: subscribe(gt=0)", subscribe, REPLAY_TARGET, n, seeded_per_s=seeded
        ),
    ]
