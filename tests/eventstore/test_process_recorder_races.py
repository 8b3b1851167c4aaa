"""A process recorder whose cached tracking position is stale is refused, never told yes."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from tests.support.store import factory


def test_given_another_worker_recorded_the_position_when_a_stale_worker_saves_then_refused(
    stream_env,
) -> None:
    with factory(stream_env) as fa, factory(stream_env) as fb:
        a, b = fa.process_recorder(), fb.process_recorder()
        b.insert_events([StoredEvent(uuid4(), 1, "t", b"first")], tracking=Tracking("up", 6))
        a.insert_events([StoredEvent(uuid4(), 1, "t", b"A's")], tracking=Tracking("up", 7))
        mine = uuid4()

        with pytest.raises(IntegrityError):
            b.insert_events([StoredEvent(mine, 1, "t", b"B's")], tracking=Tracking("up", 7))

        assert b.select_events(mine) == []
        assert b.max_tracking_id("up") == 7
