"""(f) The read models caught up from zero over a log of 200,000+ events, into SQLite and into
PostgreSQL, against a raw SQLAlchemy Core bulk insert of the very same rows in the same run.

The log: one Paris year at full volume recorded through the application, then copied raw
(a fresh assembly id per copy) until it holds at least 200,000 events. Ours: a Projector
from position 0, as `assembly projections rebuild` runs it (a child process reads the log
while this one decodes, applies every read model and commits rows and positions every
10,000 events in a committing thread). Raw: the rows ours produced, read back, inserted
into empty tables with ``conn.execute(table.insert(), rows)`` in one transaction. Both are
events per second (the raw side: events of the log / seconds of the insert). Best of 3.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification
from nats.aio.client import Client
from sqlalchemy import Engine, create_engine, text

from bench.eventstore import MAPPER_TOPIC, run_raw, unique_spec
from bench.report import Result, table
from commands.application import AssemblyRecord
from examples.paris_year import DEMO, PARIS, Volume, paris_year
from projections.catalogue import READ_MODELS
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.records import H_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.readstore.database import dump, ensure_schema, open_engine, writing
from services.adapters.readstore.runner import Projector
from services.adapters.readstore.source import LogSource

TARGET = 0.5
BATCH = 10_000
CHUNK = 5000
POSTGRES_URL = os.environ.get(
    "PROJECTIONS_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _env(url: str, spec: StreamSpec) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER_TOPIC,
        "NATS_URL": url,
        "ASSEMBLY_STREAM": spec.name,
        "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
    }


def _one_year(url: str, volume: Volume) -> tuple[StreamSpec, list[RawMessage]]:
    spec = unique_spec("rmyear")
    app = AssemblyRecord(env=_env(url, spec))
    try:
        paris_year(app, volume)
        return spec, list(app.recorder.js.read(1, None, 5000))  # type: ignore[attr-defined]
    finally:
        app.close()


def build_log(url: str, events: int, volume: Volume) -> tuple[StreamSpec, int]:
    """A stream of at least ``events`` events: copies of one recorded year, raw."""
    template, year = _one_year(url, volume)
    spec = unique_spec("readside")
    copies = -(-events // len(year))
    total = copies * len(year)

    async def body(nc: Client) -> float:
        t0 = time.perf_counter()
        for _ in range(copies):
            old, new = year[0].headers[H_ID], str(uuid.uuid4())
            old_b, new_b = old.encode(), new.encode()
            for i, m in enumerate(year, 1):
                subject = spec.prefix + m.subject[len(template.prefix) :].replace(old, new)
                headers = {h: m.headers[h].replace(old, new) for h in (H_ID, H_VERSION, H_TOPIC)}
                headers[H_PREV] = m.headers[H_PREV]
                data = m.data.replace(old_b, new_b)
                if i < len(year):
                    await nc.publish(subject, data, headers=headers)
                else:  # the copy's last one acknowledged: the server keeps pace (a synced
                    # server's ingest queue drops what overflows it, and the count never came)
                    await nc.request(subject, data, headers=headers, timeout=60)
        stored = (await nc.jetstream().stream_info(spec.name)).state.messages
        if stored != total:
            raise RuntimeError(f"the read-side bench log holds {stored} of {total} messages")
        return time.perf_counter() - t0

    run_raw(url, spec, body)
    return spec, total


@contextmanager
def fresh_database(kind: str, tmp: Path) -> Iterator[Engine]:
    if kind == "sqlite":
        engine = open_engine(f"sqlite:///{tmp / f'bench-{secrets.token_hex(4)}.sqlite'}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    schema = f"bench_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = open_engine(POSTGRES_URL, execution_options={"schema_translate_map": {None: schema}})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def ours(
    url: str, spec: StreamSpec, engine: Engine
) -> tuple[float, dict[str, list[dict[str, Any]]]]:
    app = AssemblyRecord(env=_env(url, spec))
    try:
        t0 = time.perf_counter()
        Projector(engine, LogSource(app), batch=BATCH).catch_up()
        elapsed = time.perf_counter() - t0
    finally:
        app.close()
    tables = {t.name: t for m in READ_MODELS for t in m.tables}
    rows = {
        name: [dict(zip(tables[name].columns.keys(), r, strict=True)) for r in found]
        for name, found in dump(engine).items()
    }
    return elapsed, rows


def raw(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> float:
    ensure_schema(engine)
    tables = {t.name: t for m in READ_MODELS for t in m.tables}
    t0 = time.perf_counter()
    with writing(engine) as conn:
        for name, found in rows.items():
            for i in range(0, len(found), CHUNK):
                conn.execute(tables[name].insert(), found[i : i + CHUNK])
    return time.perf_counter() - t0


def read_only(url: str, spec: StreamSpec) -> tuple[float, list[Sequence[Notification]]]:
    """Just paging through the log as the worker does: its share of ours (and the pages)."""
    app = AssemblyRecord(env=_env(url, spec))
    try:
        source = LogSource(app)
        pages = []
        t0 = time.perf_counter()
        at = 0
        while page := source.page(at, BATCH):
            pages.append(page)
            at = page[-1].id
        return time.perf_counter() - t0, pages
    finally:
        app.close()


class _InMemory:
    """The log already read: what applying costs without reading."""

    def __init__(self, pages: list[Sequence[Notification]], mapper: Any) -> None:
        self.read, self.mapper = pages, mapper

    def pages(self, after: int, limit: int) -> Iterator[Sequence[Notification]]:
        for page in self.read:
            if page[-1].id > after:
                yield [n for n in page if n.id > after]

    def close(self) -> None:
        pass


def apply_only(
    url: str, spec: StreamSpec, engine: Engine, pages: list[Sequence[Notification]]
) -> float:
    app = AssemblyRecord(env=_env(url, spec))
    try:
        source: Any = _InMemory(pages, app.mapper)
        t0 = time.perf_counter()
        Projector(engine, source, batch=BATCH).catch_up()
        return time.perf_counter() - t0
    finally:
        app.close()


def _postgres_reachable() -> str | None:
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            return None
    except Exception as e:
        return f"{type(e).__name__}: {e}".splitlines()[0]
    finally:
        engine.dispose()


def _measure(
    url: str, spec: StreamSpec, kind: str, tmp: Path, pages: list[Sequence[Notification]]
) -> tuple[float, float, float, int]:
    """Ours from the log, raw insert of ours' rows, ours from pages in memory: seconds; rows."""
    with fresh_database(kind, tmp) as engine:
        ours_s, rows = ours(url, spec, engine)
    with fresh_database(kind, tmp) as engine:
        raw_s = raw(engine, rows)
    with fresh_database(kind, tmp) as engine:
        apply_s = apply_only(url, spec, engine, pages)
    return ours_s, raw_s, apply_s, sum(len(r) for r in rows.values())


def catch_up(url: str, quick: bool, progress: Callable[[str], None]) -> list[Result]:
    events = 20_000 if quick else 200_000
    progress(f"(f) building a log of {events:,}+ events (Paris years, copied raw)")
    spec, total = build_log(url, events, DEMO if quick else PARIS)
    reading, pages = read_only(url, spec)
    results, applying = [], []
    with tempfile.TemporaryDirectory(prefix="assembly-bench-rm-") as tmp:
        for key, kind in (("f1", "sqlite"), ("f2", "postgres")):
            if kind == "postgres" and (why := _postgres_reachable()) is not None:
                progress(f"(f2) PostgreSQL skipped: {why}")
                continue
            rounds = 1 if quick else 3
            progress(
                f"({key}) catch-up of {total:,} events into {kind}, then the raw insert, "
                f"best of {rounds}"
            )
            runs = [_measure(url, spec, kind, Path(tmp), pages) for _ in range(rounds)]
            ours_s, raw_s, apply_s = (min(r[i] for r in runs) for i in range(3))
            n_rows = runs[0][3]
            results.append(
                Result(
                    key,
                    f"read models catch-up {total // 1000}k events, {kind}",
                    total / ours_s,
                    total / raw_s,
                    TARGET,
                    total,
                    {
                        "seconds": ours_s,
                        "raw_seconds": raw_s,
                        "rows": n_rows,
                        "log_read_seconds": reading,
                    },
                )
            )
            applying.append(
                Result(
                    f"f{2 + len(applying) + 1}",
                    f"  the same, log already read (apply only), {kind}",
                    total / apply_s,
                    total / raw_s,
                    None,
                    total,
                    {"seconds": apply_s, "raw_seconds": raw_s},
                )
            )
    return results + applying


def main() -> None:
    """``python -m bench.projections [--quick]``: (f) alone."""
    from bench.server import PrivateServer  # noqa: PLC0415

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    with PrivateServer() as server:
        results = catch_up(server.url, "--quick" in sys.argv, progress)
    print(table(results))
    for r in results:
        if r.target is not None:
            print(f"({r.key}) {r.notes}")


if __name__ == "__main__":
    main()
