"""The stream is created append-only, and a weaker one is refused with its faults named."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import nats
import nats.js.errors
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment

from services.adapters.eventstore import JetStreamFactory
from services.adapters.eventstore.errors import StreamMisconfigured, StreamMissing
from tests.support.store import create_weak_stream, factory


def test_given_no_stream_when_first_used_then_created_append_only(stream_env) -> None:
    with factory(stream_env) as f:
        recorder = f.application_recorder()
        config = recorder.connection.run(recorder.connection.js.js.stream_info(f.spec.name)).config

    assert config.deny_delete and config.deny_purge and config.allow_atomic
    assert config.allow_direct and not config.allow_rollup_hdrs
    assert config.discard == "new"
    assert (config.max_msgs, config.max_bytes, config.max_msgs_per_subject) == (-1, -1, -1)


def test_given_a_stored_event_when_someone_deletes_it_then_the_server_refuses(stream_env) -> None:
    with factory(stream_env) as f:
        recorder = f.application_recorder()
        recorder.insert_events([StoredEvent(uuid4(), 1, "t", b"x")])

        with pytest.raises(nats.js.errors.APIError, match="not permitted"):
            recorder.connection.run(recorder.connection.js.js.delete_msg(f.spec.name, 1))
        with pytest.raises(nats.js.errors.APIError, match="not permitted"):
            recorder.connection.run(recorder.connection.js.js.purge_stream(f.spec.name))

        assert recorder.max_notification_id() == 1


def test_given_a_weakened_stream_when_the_store_opens_then_refused_naming_each_fault(
    stream_env,
) -> None:
    asyncio.run(create_weak_stream(stream_env))

    with pytest.raises(StreamMisconfigured) as refused, factory(stream_env) as f:
        f.application_recorder()

    message = str(refused.value)
    for fault in ("deny_delete", "deny_purge", "allow_atomic", "max_msgs is 1000"):
        assert fault in message


def test_given_no_stream_and_creation_off_when_used_then_refused_clearly(stream_env) -> None:
    f = JetStreamFactory(Environment(env={**stream_env, "CREATE_TABLE": "no"}))
    try:
        with pytest.raises(StreamMissing, match="does not exist"):
            f.application_recorder()
    finally:
        f.close()


def test_given_an_aggregate_id_unfit_for_a_subject_when_saved_then_refused(stream_env) -> None:
    with factory(stream_env) as f, pytest.raises(ValueError, match="cannot use"):
        f.application_recorder().insert_events([StoredEvent("a.b>", 1, "t", b"x")])
