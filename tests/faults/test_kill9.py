"""kill -9 of the nats-server under a write load from the application, restarted, three times."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from eventsourcing.persistence import PersistenceError

from commands.application import AssemblyRecord
from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.client import StreamClient
from services.adapters.eventstore.errors import EventStoreUnavailable
from tests.faults.load import Load, check_exactly_once, convene
from tests.support.procs import pause, resume
from tests.support.store import MAPPER

KILLS = 3


def app_env(port: int, **extra: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER,
        "NATS_URL": f"nats://127.0.0.1:{port}",
        "NATS_TIMEOUT": "1",
        **extra,
    }


def kill9(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path):
    """A nats-server of our own; the test may kill and restart it (same port, same store)."""
    port = free_port()
    box = {"proc": launch(tmp_path / "store", port, tmp_path / "nats.log")}

    def restart() -> None:
        box["proc"] = launch(tmp_path / "store", port, tmp_path / "nats.log")

    yield port, box, restart
    if box["proc"].poll() is None:
        kill9(box["proc"])


def test_given_a_write_load_when_the_server_is_killed_and_restarted_then_every_ack_holds_once(
    server,
) -> None:
    port, box, restart = server
    app = AssemblyRecord(env=app_env(port, NATS_RETRY_SECONDS="1.5"))
    try:
        with Load(app) as load:
            for _ in range(KILLS):
                load.wait(acked=20)
                kill9(box["proc"])
                load.wait(failed=1)  # callers are told: nothing hangs, nothing is said "done"
                restart()
                load.wait(acked=20)

        failed = [o for o in load.outcomes if o.error is not None]
        for o in failed:
            assert isinstance(o.error, PersistenceError), repr(o.error)
            assert "did not answer" in str(o.error) or "cannot reach NATS" in str(o.error)
            assert app.execute(o.cmd) > 0  # the same command, run again

        stored = check_exactly_once(app, load.outcomes)
    finally:
        app.close()

    assert len(failed) >= KILLS
    assert set(stored) == {o.cmd.assembly_id for o in load.outcomes}
    assert set(stored.values()) == {1}, "a fact was stored twice"


def test_given_a_server_that_stops_answering_mid_save_when_it_resumes_then_recorded_once(
    server, monkeypatch
) -> None:
    port, box, _ = server
    attempts = threading.Semaphore(0)
    publish = StreamClient.publish

    paused: list[bool] = []

    def counted(self, out):
        if not paused:  # the first publish: the server stops answering, mid-save (after
            paused.append(True)  # the convening read the cohorts of its series)
            pause(box["proc"].pid)
        attempts.release()
        return publish(self, out)

    monkeypatch.setattr(StreamClient, "publish", counted)
    app = AssemblyRecord(env=app_env(port, NATS_RETRY_SECONDS="30"))
    cmd, told = convene(), {}
    try:
        saving = threading.Thread(
            target=lambda: told.update(position=app.execute(cmd)), daemon=True
        )
        saving.start()
        assert attempts.acquire(timeout=10)
        # The publish times out (NATS_TIMEOUT=1); the writer then asks, and asks again,
        # whether it landed (or, told NATS cannot be reached, publishes the same again).
        time.sleep(3)
        assert saving.is_alive() and "position" not in told
        resume(box["proc"].pid)
        saving.join(timeout=30)

        assert told.get("position") is not None
        assert check_exactly_once(app, [])[cmd.assembly_id] == 1
    finally:
        resume(box["proc"].pid)
        app.close()


def test_given_no_answer_for_longer_than_the_patience_when_saving_then_reported_failed(
    server, monkeypatch
) -> None:
    port, box, _ = server
    publish, paused = StreamClient.publish, []

    def stopping(self, out):
        if not paused:  # the first publish: the server stops answering, mid-save
            paused.append(True)
            pause(box["proc"].pid)
        return publish(self, out)

    monkeypatch.setattr(StreamClient, "publish", stopping)
    app = AssemblyRecord(env=app_env(port, NATS_RETRY_SECONDS="1"))
    cmd = convene()
    try:
        with pytest.raises(EventStoreUnavailable, match="run the same command again"):
            app.execute(cmd)
        resume(box["proc"].pid)

        position = app.execute(cmd)

        assert check_exactly_once(app, [])[cmd.assembly_id] == 1
        assert position >= 1
    finally:
        resume(box["proc"].pid)
        app.close()


def test_given_commands_started_while_the_server_is_down_when_back_in_time_then_recorded_once(
    server,
) -> None:
    port, box, restart = server
    env = app_env(port, NATS_RETRY_SECONDS="15")
    app = AssemblyRecord(env=env)
    app.execute(convene())  # connected before the kill
    fresh: list[AssemblyRecord] = []
    told: dict[str, object] = {}

    def command(name: str, start_app: bool) -> None:
        """A command of the running app (its thread connects now), or of an app started
        now, as a CLI command started during the outage would be."""
        try:
            target = app
            if start_app:
                target = AssemblyRecord(env=env)
                fresh.append(target)
            cmd = convene()
            told[name] = (cmd, target.execute(cmd))
        except Exception as e:  # what the caller is told, whatever it is
            told[name] = e

    try:
        kill9(box["proc"])
        started = time.monotonic()
        callers = [
            threading.Thread(target=command, args=(f"{kind}{i}", kind == "new"), daemon=True)
            for kind in ("app", "new")
            for i in range(2)
        ]
        for caller in callers:
            caller.start()
        time.sleep(3)  # the server stays down meanwhile: nobody is answered, nobody fails
        assert told == {}
        restart()
        for caller in callers:
            caller.join(timeout=30)
        waited = time.monotonic() - started

        assert all(isinstance(v, tuple) for v in told.values()), told
        stored = check_exactly_once(app, [])
        for cmd, position in told.values():  # type: ignore[misc]
            assert stored[cmd.assembly_id] == 1
            assert app.recorder.select_notifications(position, 1)[0].originator_id == (
                cmd.assembly_id
            )
    finally:
        for other in fresh:
            other.close()
        app.close()

    print(f"4 commands started during a {waited:.1f} s outage, all recorded once")
    assert len(told) == 4
