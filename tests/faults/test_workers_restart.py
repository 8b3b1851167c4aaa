"""The long-running services ride out a NATS restart (kill -9, down longer than
NATS_RETRY_SECONDS): the projection worker and the notifier keep running and read on by
themselves; a subscriber's ordered consumer, which the restarted server no longer has, is
made again from where it was."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.checkpoints import read_outside
from services.application.subscriber import Subscriber
from tests.faults.load import convene
from tests.faults.test_kill9 import app_env, kill9

ASSEMBLY = [sys.executable, "-m", "services.entrypoints.cli.main"]
ROOT = Path(__file__).resolve().parents[2]
DOWN = 7.0  # longer than the retry window (1 s) and the worker's idle look (5 s)
# nats-py alone makes an ordered consumer again only after its missed heartbeats, about
# 15 s after the restart here (measured); the subscriber looks for it after 3 s idle.
CAUGHT_UP = 8.0


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    box = {"proc": launch(tmp_path / "store", port, tmp_path / "nats.log")}

    def restart() -> None:
        box["proc"] = launch(tmp_path / "store", port, tmp_path / "nats.log")

    yield port, box, restart
    if box["proc"].poll() is None:
        kill9(box["proc"])


def _start(args: list[str], env: dict[str, str], out: Path) -> subprocess.Popen[bytes]:
    with out.open("wb") as sink:
        return subprocess.Popen(
            [*ASSEMBLY, *args], env=env, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT
        )


def _until(check, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within:g} s: {what}")
        time.sleep(0.1)


def _stop(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


def test_given_the_workers_when_nats_is_down_longer_than_the_retry_window_then_they_read_on(
    server, tmp_path: Path
) -> None:
    port, box, restart = server
    env = {
        **os.environ,
        **app_env(port, NATS_RETRY_SECONDS="1"),
        "ASSEMBLY_HOME": str(tmp_path / "home"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'read.sqlite'}",
    }
    app = AssemblyRecord(env=app_env(port, NATS_RETRY_SECONDS="20"))  # the clerks' commands
    app.execute(convene())
    subprocess.run([*ASSEMBLY, "keys", "init"], env=env, cwd=ROOT, check=True, timeout=60)
    names = ("worker", "late worker", "notifier", "checkpointer")
    out = {name: tmp_path / f"{name}.out" for name in names}
    workers = {"worker": _start(["projections", "run"], env, out["worker"])}
    try:
        _until(lambda: "log position 1" in out["worker"].read_text(), 30, "the worker caught up")
        kill9(box["proc"])
        # Started during the outage, the services wait for NATS however long it takes.
        workers["notifier"] = _start(["notifier", "run"], env, out["notifier"])
        every = ["checkpoint", "--every", "1", "--out", str(tmp_path / "checkpoints.jsonl")]
        workers["checkpointer"] = _start(every, env, out["checkpointer"])
        late = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'late.sqlite'}"}
        workers["late worker"] = _start(["projections", "run"], late, out["late worker"])
        time.sleep(DOWN)
        for name, proc in workers.items():
            assert proc.poll() is None, out[name].read_text()
        restart()
        head = max(app.execute(convene()) for _ in range(3))

        _until(lambda: f"log position {head}" in out["worker"].read_text(), 30, "worker")
        _until(lambda: f"log position {head}" in out["late worker"].read_text(), 30, "late")
        _until(lambda: "reading from log position 1" in out["notifier"].read_text(), 30, "notif")
        _until(lambda: _signed(tmp_path / "checkpoints.jsonl") >= head, 30, "checkpointer")
    finally:
        app.close()
        codes = {name: _stop(proc) for name, proc in workers.items()}

    said = {name: path.read_text() for name, path in out.items()}
    assert re.search(r"NATS unavailable \(.+\); reading again in", said["worker"]), said
    assert "NATS unavailable" in said["notifier"], said
    for started_during_the_outage in ("late worker", "checkpointer"):
        assert "cannot reach NATS" in said[started_during_the_outage], said
        assert "trying again in" in said[started_during_the_outage], said
    assert codes == dict.fromkeys(names, 0), said


def _signed(path: Path) -> int:
    """The tree size of the last checkpoint written outside (0: none yet)."""
    if not path.exists() or not path.read_text().strip():
        return 0
    return read_outside(path)[-1].tree_size


def test_given_an_ordered_subscriber_when_the_server_restarts_then_it_reads_on_from_there(
    server,
) -> None:
    port, box, restart = server
    app = AssemblyRecord(env=app_env(port))
    first = app.execute(convene())

    async def follow() -> list[int]:
        url = f"nats://127.0.0.1:{port}"
        subscriber = await Subscriber.connect(url, StreamSpec(), name="test")
        got: list[int] = []

        async def read() -> None:
            async for received in subscriber.events():
                got.append(received.position)

        reading = asyncio.ensure_future(read())
        try:
            while not got:
                await asyncio.sleep(0.05)
            await asyncio.to_thread(kill9, box["proc"])
            await asyncio.sleep(2)
            await asyncio.to_thread(restart)
            later = await asyncio.to_thread(lambda: [app.execute(convene()) for _ in range(3)])
            deadline = time.monotonic() + CAUGHT_UP
            while len(got) < 4 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            return got + [-p for p in later]
        finally:
            subscriber.stop()
            reading.cancel()
            await subscriber.close()

    try:
        seen = asyncio.run(follow())
    finally:
        app.close()

    got, later = [p for p in seen if p > 0], [-p for p in seen if p < 0]
    assert got == [first, *later]  # each once, in order, none missed, within CAUGHT_UP
