"""Failures a user can act on: oversized events, a server that stops answering."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import PersistenceError, StoredEvent

from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.errors import EventStoreUnavailable, PublishRefused
from tests.support.procs import pause, resume
from tests.support.store import factory


def test_given_an_event_larger_than_the_server_takes_when_saved_then_refused_and_nothing_stored(
    stream_env,
) -> None:
    with factory(stream_env) as f:
        recorder = f.application_recorder()

        with pytest.raises(PublishRefused, match="exceeds what the NATS server accepts"):
            recorder.insert_events([StoredEvent(uuid4(), 1, "t", b"x" * (2 << 20))])

        assert recorder.max_notification_id() is None


def test_given_a_server_that_stops_answering_when_read_then_a_clear_persistence_error(
    tmp_path,
) -> None:
    port = free_port()
    proc = launch(tmp_path / "nats", port)
    env = {"NATS_URL": f"nats://127.0.0.1:{port}", "NATS_TIMEOUT": "0.5", "NATS_RETRY_SECONDS": "2"}
    try:
        with factory(env) as f:
            recorder = f.application_recorder()
            pause(proc.pid)
            try:
                with pytest.raises(
                    EventStoreUnavailable, match=r"did not answer|cannot reach NATS"
                ) as caught:
                    recorder.select_events(uuid4())
            finally:
                resume(proc.pid)
            assert isinstance(caught.value, PersistenceError)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
