"""``python -m bench.portal``: the portal's assembly page of a full Paris year under a bounded load
on loopback, beside the same server serving a static file of the same size.

A full Paris year (bench.year's volume, its panel drawn here by lot from 2,000 respondents) is
recorded on a private nats-server, its read models built in SQLite, and the portal served by
uvicorn in a child process. A load generator in another process (asyncio, keep-alive HTTP/1.1,
``--connections`` at once) asks a fixed number of requests of the French assembly page, then as
many of a static file of the page's size under /static: requests per second, the 50th and 99th
percentiles of latency, and the ratio of each to the static file's. Targets: at least 1,000
requests/s and a p99 of at most 50 ms on the 2 cores (printed, never asserted).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.eventstore import MAPPER_TOPIC, unique_spec
from bench.server import PrivateServer
from commands.application import AssemblyRecord
from examples.paris_year import PARIS, paris_year
from services.adapters.readstore.database import open_engine
from services.adapters.readstore.runner import Projector
from services.adapters.readstore.source import LogSource

TARGET_RATE, TARGET_P99 = 1_000.0, 0.050
DEADLINE = 120.0  # seconds: a load never runs longer, whatever is left


def _year(url: str, folder: Path) -> tuple[str, str]:
    """The year recorded and its read models built: the SQLite URL and the assembly's id."""
    spec = unique_spec("portal")
    env = {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER_TOPIC,
        "NATS_URL": url,
        "ASSEMBLY_STREAM": spec.name,
        "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
    }
    app = AssemblyRecord(env=env)
    database = f"sqlite:///{folder / 'projections.sqlite'}"
    engine = open_engine(database)
    try:
        story = paris_year(app, PARIS, pool_size=2000)
        worker = Projector(engine, LogSource(app))
        try:
            worker.wait_for(worker.source.head(), 300)
        finally:
            worker.close()
    finally:
        app.close()
        engine.dispose()
    return database, str(story.assembly_id)


def _serve(database: str, static: str, port: int) -> None:
    """The child process: the portal over the read models, and the static folder."""
    import uvicorn  # noqa: PLC0415 - in the child only

    from services.application.portal.record import PublicRecord  # noqa: PLC0415
    from services.entrypoints.portal.app import create_app  # noqa: PLC0415

    app = create_app(PublicRecord(open_engine(database)), static=(Path(static),))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the portal did not answer at {url}")


async def _connection(
    port: int, path: str, count: int, latencies: list[float], stop_at: float
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fr\r\n\r\n".encode()
    try:
        for _ in range(count):
            if time.monotonic() > stop_at:
                return
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head.split(b"\r\n", 1)[0].decode())
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


def _load(port: int, path: str, requests: int, connections: int, out: Any) -> None:
    """The load generator's process: ``requests`` in all over ``connections``; its figures."""

    async def run() -> tuple[float, list[float]]:
        latencies: list[float] = []
        stop_at = time.monotonic() + DEADLINE
        each = requests // connections
        started = time.perf_counter()
        await asyncio.gather(
            *(_connection(port, path, each, latencies, stop_at) for _ in range(connections))
        )
        return time.perf_counter() - started, latencies

    elapsed, latencies = asyncio.run(run())
    out.put((elapsed, latencies))


def measure(port: int, path: str, requests: int, connections: int) -> dict[str, float]:
    queue: Any = multiprocessing.get_context("spawn").Queue()
    warm = multiprocessing.get_context("spawn").Process(
        target=_load, args=(port, path, max(requests // 10, connections), connections, queue)
    )
    warm.start()
    queue.get()
    warm.join()
    loader = multiprocessing.get_context("spawn").Process(
        target=_load, args=(port, path, requests, connections, queue)
    )
    loader.start()
    elapsed, latencies = queue.get()
    loader.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.portal", description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000, help="per measurement")
    parser.add_argument("--connections", type=int, default=16, help="at once, keep-alive")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="assembly-bench-portal-") as tmp,
        PrivateServer() as nats,
    ):
        folder = Path(tmp)
        print("recording a full Paris year and building its read models ...", flush=True)
        database, aid = _year(nats.url, folder)
        port = _free_port()
        static = folder / "static"
        static.mkdir()
        server = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(database, str(static), port)
        )
        server.start()
        try:
            page = f"/assemblies/{aid}"
            _wait_ready(f"http://127.0.0.1:{port}{page}")
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{page}", headers={"Accept-Language": "fr"}
            )
            with urllib.request.urlopen(request) as r:
                size = len(r.read())
            (static / "same-size.html").write_bytes(os.urandom(size // 2).hex().encode()[:size])
            ours = measure(port, page, args.requests, args.connections)
            raw = measure(port, "/static/same-size.html", args.requests, args.connections)
        finally:
            server.terminate()
            server.join(timeout=20)
    print(f"\nassembly page of a full Paris year, {size:,} bytes, {args.connections} connections:")
    for name, r in (("assembly page", ours), ("static file, same size", raw)):
        print(
            f"  {name:<24} {r['rate']:>8,.0f} req/s   p50 {r['p50'] * 1000:6.2f} ms   "
            f"p99 {r['p99'] * 1000:6.2f} ms   ({r['requests']:,} requests)"
        )
    print(
        f"  ratio page/static: throughput {ours['rate'] / raw['rate']:.2f}, "
        f"p99 {ours['p99'] / raw['p99']:.2f}"
    )
    met = ours["rate"] >= TARGET_RATE and ours["p99"] <= TARGET_P99
    print(
        f"  target >= {TARGET_RATE:,.0f} req/s with p99 <= {TARGET_P99 * 1000:.0f} ms: "
        f"{'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
