"""(a3, a4) Single-event saves of the assembly's own facts through the Application.

The project records immutable msgspec events (core/assembly) and saves them with
``Application.save(event)``: this is the save path every command takes. (a1, a2)
measure eventsourcing's mutable-aggregate style, which the project does not use
and whose per-save Protocol checks cost more on Python 3.11. Raw: the same
message, payload and headers, as nats-py checked publishes in the same run.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from bench.eventstore import (
    SINGLE_TARGET,
    BenchApp,
    Progress,
    Sizes,
    _checked,
    _result,
    bench_app,
    best_of,
    run_raw,
    unique_spec,
)
from bench.report import Result
from core.assembly.sittings.facts import AttendanceRecorded
from core.assembly.sittings.model import Presence
from services.adapters.eventstore.mapper import MsgspecMapper

AT = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
SESSION = uuid.UUID(int=1)


def _fact(record: uuid.UUID, version: int) -> AttendanceRecorded:
    return AttendanceRecorded(
        originator_id=record,
        originator_version=version,
        at=AT,
        by="clerk:greffe",
        session=SESSION,
        member="ele-001",
        presence=Presence.PRESENT,
    )


def _payload() -> bytes:
    return MsgspecMapper(transcoder=None).to_stored_event(_fact(uuid.uuid4(), 1)).state  # type: ignore[arg-type]


def ours(url: str, n: int, warmup: int, *, one_record: bool) -> float:
    with bench_app(url, unique_spec("facts")) as app:
        record, version = uuid.uuid4(), 0

        def save(app: BenchApp) -> None:
            nonlocal record, version
            if one_record:
                version += 1
            else:
                record, version = uuid.uuid4(), 1
            app.save(_fact(record, version))

        for _ in range(warmup):
            save(app)
        t0 = time.perf_counter()
        for _ in range(n):
            save(app)
        return n / (time.perf_counter() - t0)


def raw(url: str, n: int, warmup: int, *, one_record: bool) -> float:
    spec, payload = unique_spec("rawfacts"), _payload()

    async def body(nc) -> float:  # type: ignore[no-untyped-def]
        key, last, version = str(uuid.uuid4()), 0, 0

        async def one() -> None:
            nonlocal key, last, version
            if one_record:
                version += 1
            else:
                key, last, version = str(uuid.uuid4()), 0, 1
            last = await _checked(nc, spec.event_subject(key), payload, last, f"{key}:{version}")

        for _ in range(warmup):
            await one()
        t0 = time.perf_counter()
        for _ in range(n):
            await one()
        return time.perf_counter() - t0

    return n / run_raw(url, spec, body)


def fact_saves(url: str, sizes: Sizes, progress: Progress) -> list[Result]:
    n, warmup, rounds = sizes.single, sizes.warmup, sizes.rounds
    results = []
    for key, one_record, name in (
        ("a3", False, "assembly fact save, new records"),
        ("a4", True, "assembly fact save, one record"),
    ):
        progress(f"({key}) {n} saves of {name.split(', ')[1]}, best of {rounds}")
        runs = best_of(
            rounds,
            lambda o=one_record: ours(url, n, warmup, one_record=o),
            lambda o=one_record: raw(url, n, warmup, one_record=o),
        )
        results.append(_result(key, name, runs, SINGLE_TARGET, n, payload_bytes=len(_payload())))
    return results
