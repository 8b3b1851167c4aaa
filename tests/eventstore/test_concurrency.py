"""Optimistic concurrency through Nats-Expected-Last-Subject-Sequence."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError, StoredEvent

from services.eventstore.errors import ConcurrencyConflict
from tests.support.store import application, factory


class Motion(Aggregate):
    @event("Tabled")
    def __init__(self, text: str) -> None:
        self.text = text

    @event("Amended")
    def amend(self, text: str) -> None:
        self.text = text


def test_given_two_clerks_loaded_the_same_motion_when_both_save_then_the_second_is_refused(
    stream_env,
) -> None:
    with application(stream_env) as app1, application(stream_env) as app2:
        motion = Motion("Plant trees")
        app1.save(motion)
        seen_by_1 = app1.repository.get(motion.id)
        seen_by_2 = app2.repository.get(motion.id)

        seen_by_1.amend("Plant 1000 trees")
        app1.save(seen_by_1)
        seen_by_2.amend("Plant 10 trees")
        with pytest.raises(ConcurrencyConflict, match="someone changed"):
            app2.save(seen_by_2)

        assert app2.repository.get(motion.id).text == "Plant 1000 trees"
        assert app1.recorder.max_notification_id() == 2


def test_given_many_writers_racing_on_one_version_when_they_save_then_exactly_one_wins(
    stream_env,
) -> None:
    aggregate = uuid4()
    writers = 8

    def write(n: int) -> bool:
        with factory(stream_env) as f:
            recorder = f.application_recorder()
            try:
                recorder.insert_events([StoredEvent(aggregate, 1, "t", f"writer {n}".encode())])
            except IntegrityError:
                return False
            return True

    with ThreadPoolExecutor(writers) as pool:
        outcomes = list(pool.map(write, range(writers)))

    assert outcomes.count(True) == 1
    with factory(stream_env) as f:
        assert len(f.application_recorder().select_events(aggregate)) == 1


def test_given_a_multi_aggregate_save_with_one_conflict_when_saved_then_nothing_is_written(
    stream_env,
) -> None:
    a, b = uuid4(), uuid4()
    with factory(stream_env) as f, factory(stream_env) as cold:
        f.application_recorder().insert_events([StoredEvent(b, 1, "t", b"b1")])
        recorder = cold.application_recorder()  # knows nothing: the server must refuse
        before = recorder.max_notification_id()

        with pytest.raises(IntegrityError):
            recorder.insert_events(
                [
                    StoredEvent(a, 1, "t", b"a1"),
                    StoredEvent(a, 2, "t", b"a2"),
                    StoredEvent(b, 1, "t", b"b1 again"),
                ]
            )

        assert recorder.max_notification_id() == before
        assert recorder.select_events(a) == []
