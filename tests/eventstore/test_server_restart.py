"""The store rides out a restart of nats-server: the next save reconnects and the chain holds."""

from __future__ import annotations

import subprocess
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from core.integrity import GENESIS
from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.records import H_PREV, digest_of
from tests.support.store import factory, raw_messages


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def test_given_the_server_restarted_between_saves_when_saving_again_then_recorded_and_chained(
    tmp_path,
) -> None:
    port = free_port()
    store = tmp_path / "nats"
    proc = launch(store, port)
    env = {"NATS_URL": f"nats://127.0.0.1:{port}"}
    a = uuid4()
    try:
        with factory(env) as f:
            recorder = f.application_recorder()
            recorder.insert_events([StoredEvent(a, 1, "t", b"before the restart")])
            _stop(proc)
            proc = launch(store, port)

            ids = recorder.insert_events([StoredEvent(a, 2, "t", b"after the restart")])
            first, second = raw_messages(recorder)
    finally:
        _stop(proc)

    assert ids == [2]
    assert bytes.fromhex(first.headers[H_PREV]) == GENESIS
    assert bytes.fromhex(second.headers[H_PREV]) == digest_of(first.headers, first.data)
