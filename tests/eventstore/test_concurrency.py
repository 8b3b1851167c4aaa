"""Optimistic concurrency through Nats-Expected-Last-Subject-Sequence."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError, StoredEvent

from commands.application import AssemblyRecord
from commands.messages import ConveneAssembly, ScheduleSession
from core.assembly.sittings.model import SessionKind
from services.adapters.eventstore.errors import ConcurrencyConflict
from tests.core.paris import charter
from tests.support.store import MAPPER, application, factory


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


def test_given_clerks_deciding_on_the_same_version_of_an_assembly_when_they_save_then_one_wins_each(
    stream_env,
) -> None:
    """Each round, every clerk has decided on the same state before anyone saves: for each
    version exactly one save is recorded, and every other clerk is told someone was first."""
    clerks, rounds = 4, 5
    env = {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER,
        **stream_env,
    }
    at = datetime(2026, 2, 1, 18, 0, tzinfo=UTC)
    apps = [AssemblyRecord(env=env) for _ in range(clerks)]
    decided = threading.Barrier(clerks)

    def after_all_decided(save):
        def wait_then_save(*args, **kwargs):
            decided.wait(timeout=30)
            return save(*args, **kwargs)

        return wait_then_save

    for app in apps:
        app.save = after_all_decided(app.save)  # type: ignore[method-assign]
    convene = ConveneAssembly(charter=charter(), at=at, by="clerk:greffe")
    AssemblyRecord(env=env).execute(convene)

    def schedule(n: int) -> int | str:
        cmd = ScheduleSession(
            assembly_id=convene.assembly_id,
            at=at,
            by=f"clerk:clerk-{n}",
            kind=SessionKind.PLENARY,
            title=f"Plenary proposed by clerk {n}",
            starts_at=datetime(2026, 3, 7, 10, 0, tzinfo=UTC),
            agenda=("Welcome",),
        )
        try:
            return apps[n].execute(cmd)
        except ConcurrencyConflict as e:
            return str(e)

    try:
        with ThreadPoolExecutor(clerks) as pool:
            outcomes = [list(pool.map(schedule, range(clerks))) for _ in range(rounds)]
        stored = apps[0].recorder.select_events(convene.assembly_id)
    finally:
        for app in apps:
            app.close()

    for told in outcomes:
        assert sum(isinstance(t, int) for t in told) == 1
        refusals = [t for t in told if isinstance(t, str)]
        assert all(f"someone changed {convene.assembly_id} first" in t for t in refusals)
        assert len(refusals) == clerks - 1
    assert [e.originator_version for e in stored] == list(range(1, rounds + 2))
