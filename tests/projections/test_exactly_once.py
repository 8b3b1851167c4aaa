"""Exactly once: rows and positions commit together, so any path through the log ends the same."""

from __future__ import annotations

import threading

from examples.paris_year import DEMO, paris_year
from services.adapters.readstore.database import dump, reset
from tests.projections.support import application, projector
from tests.support.natsd import unique_stream


def test_given_a_year_when_built_in_small_batches_then_identical_to_one_build(app, dbs) -> None:
    small, whole = dbs.engine(), dbs.engine()

    projector(small, app, batch=37).catch_up()
    projector(whole, app, batch=10_000).catch_up()

    assert dump(small) == dump(whole)
    assert len(dump(whole)["ballot_votes"]) > 900


def test_given_applied_pages_when_delivered_again_then_nothing_changes(app, dbs) -> None:
    engine = dbs.engine()
    worker = projector(engine, app, batch=200)
    worker.catch_up(until=600)
    before, at = dump(engine), worker.position
    pages = [app.recorder.select_notifications(start, 200) for start in (1, 201, 401)]

    for page in pages:
        worker.apply(page)

    assert worker.position == at
    assert dump(engine) == before


def test_given_two_workers_when_both_apply_the_same_page_then_only_one_commits(app, dbs) -> None:
    engine, clean = dbs.engine(), dbs.engine()
    first, second = projector(engine, app), projector(engine, app)
    page = app.recorder.select_notifications(1, 500)

    committed = [first.apply(page), second.apply(page)]
    second.catch_up()
    first.catch_up()

    assert committed == [True, False]
    projector(clean, app).catch_up()
    assert dump(engine) == dump(clean)


def test_given_two_workers_racing_on_one_database_then_the_result_is_a_clean_build(
    app, year_env, dbs
) -> None:
    engine, clean = dbs.engine(), dbs.engine()
    workers = [projector(engine, application(year_env), batch=50) for _ in range(2)]

    threads = [threading.Thread(target=w.catch_up) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    projector(clean, app).catch_up()
    assert dump(engine) == dump(clean)
    for w in workers:
        w.source.app.close()


def test_given_a_running_worker_when_the_year_is_recorded_then_it_equals_a_rebuild(dbs) -> None:
    env = unique_stream()
    writer, follower = application(env), application(env)
    engine, clean = dbs.engine(), dbs.engine()
    worker = projector(engine, follower, batch=100)
    target: list[int] = []
    reached = threading.Event()

    def on_batch(position: int) -> None:
        if target and position >= target[0]:
            reached.set()

    running = threading.Thread(target=worker.run, kwargs={"on_batch": on_batch})
    running.start()
    try:
        story = paris_year(writer, DEMO)
        target.append(story.position)
        if worker.position >= story.position:  # it got there before being told where to go
            reached.set()
        assert reached.wait(60), f"worker at {worker.position}, log at {story.position}"
    finally:
        worker.interrupt()
        running.join()

    projector(clean, writer).catch_up()
    assert dump(engine) == dump(clean)
    writer.close()
    follower.close()


def test_given_a_running_worker_when_rebuilt_elsewhere_then_it_builds_again(app, dbs) -> None:
    engine, clean = dbs.engine(), dbs.engine()
    worker = projector(engine, app, batch=500)
    worker.catch_up()
    head = worker.position
    built = threading.Event()
    running = threading.Thread(
        target=worker.run, kwargs={"on_batch": lambda p: p >= head and built.set()}
    )
    running.start()
    try:
        reset(engine)  # as `assembly projections rebuild` does, before it builds again

        assert built.wait(30), f"the worker stays at {worker.position} after the reset"
    finally:
        worker.interrupt()
        running.join()

    projector(clean, app).catch_up()
    assert dump(engine) == dump(clean)
