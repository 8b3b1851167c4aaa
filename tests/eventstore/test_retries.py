"""A save whose acknowledgement is lost is retried without being recorded twice.

The fault is injected between our code and a real server: the publish really
reaches JetStream, then the acknowledgement is dropped as a network would.
"""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.eventstore.client import MAX_BATCH, StreamClient
from services.adapters.eventstore.errors import BatchTooLarge, EventStoreTimeout
from tests.support.store import factory, raw_messages


def _lose_first_ack(monkeypatch, method: str) -> list[int]:
    lost: list[int] = []
    original = getattr(StreamClient, method)

    def publish_then_drop_ack(self, *args):
        ack = original(self, *args)
        if not lost:
            lost.append(ack.seq)
            raise EventStoreTimeout("the acknowledgement was lost")
        return ack

    monkeypatch.setattr(StreamClient, method, publish_then_drop_ack)
    return lost


@pytest.mark.parametrize(("method", "versions"), [("publish", [1]), ("publish_batch", [1, 2, 3])])
def test_given_a_lost_ack_when_the_save_is_retried_then_it_is_recorded_once(
    stream_env, monkeypatch, method, versions
) -> None:
    a = uuid4()
    lost = _lose_first_ack(monkeypatch, method)
    with factory(stream_env) as f:
        recorder = f.application_recorder()

        ids = recorder.insert_events([StoredEvent(a, v, "t", b"s%d" % v) for v in versions])

        assert lost == [ids[-1]]
        assert [m.seq for m in raw_messages(recorder)] == ids
        assert [e.originator_version for e in recorder.select_events(a)] == versions


def test_given_more_events_than_one_atomic_batch_when_saved_then_refused_and_nothing_written(
    stream_env,
) -> None:
    a = uuid4()
    with factory(stream_env) as f:
        recorder = f.application_recorder()

        with pytest.raises(BatchTooLarge, match="at most 1000"):
            recorder.insert_events([StoredEvent(a, v, "t", b"s") for v in range(1, MAX_BATCH + 2)])

        assert recorder.max_notification_id() is None


def test_given_a_lost_ack_and_then_another_writer_when_retried_then_ours_is_recognised(
    stream_env, monkeypatch
) -> None:
    a = uuid4()
    original = StreamClient.publish

    def publish_then_someone_else(self, out):
        ack = original(self, out)
        if out.headers["Assembly-Version"] == "1":
            with factory(stream_env) as other:
                other.application_recorder().insert_events([StoredEvent(a, 2, "t", b"theirs")])
            raise EventStoreTimeout("the acknowledgement was lost")
        return ack

    monkeypatch.setattr(StreamClient, "publish", publish_then_someone_else)
    with factory(stream_env) as f:
        recorder = f.application_recorder()

        ids = recorder.insert_events([StoredEvent(a, 1, "t", b"ours")])

        assert ids == [1]
        assert [e.state for e in recorder.select_events(a)] == [b"ours", b"theirs"]


def test_given_a_save_interleaving_aggregates_when_recorded_then_ids_match_the_events(
    stream_env,
) -> None:
    x, y = uuid4(), uuid4()
    events = [
        StoredEvent(x, 1, "t", b"x1"),
        StoredEvent(y, 1, "t", b"y1"),
        StoredEvent(x, 2, "t", b"x2"),
    ]
    with factory(stream_env) as f:
        recorder = f.application_recorder()

        ids = recorder.insert_events(events)
        stored = {
            (n.originator_id, n.originator_version): n.id
            for n in recorder.select_notifications(1, 10)
        }

    assert ids == [stored[(e.originator_id, e.originator_version)] for e in events]
