"""An aggregate longer than one read batch is read whole, in order, and sliced right."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from services.adapters.eventstore.recorders import READ_BATCH
from tests.support.store import factory


def test_given_more_events_than_one_read_batch_when_selected_then_all_in_order(
    stream_env,
) -> None:
    a, other = uuid4(), uuid4()
    total = 2 * READ_BATCH + 500
    with factory(stream_env) as f:
        recorder = f.application_recorder()
        for start in range(1, total + 1, 500):
            recorder.insert_events(
                [StoredEvent(a, v, "t", b"s") for v in range(start, start + 500)]
            )
            recorder.insert_events([StoredEvent(other, start, "t", b"o")])  # interleaved

        with factory(stream_env) as cold:
            events = cold.application_recorder().select_events(a)
        window = recorder.select_events(a, gt=999, lte=1003, desc=True, limit=3)

    assert [e.originator_version for e in events] == list(range(1, total + 1))
    assert [e.originator_version for e in window] == [1003, 1002, 1001]
