"""Far behind the head, a child process reads the log (services/adapters/readstore/reader.py): it
reads exactly what select_notifications reads, a catch-up through it equals one in this
process, its failure is made good here, and it never outlives whoever started it."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from sqlalchemy import Engine

from commands.application import AssemblyRecord
from examples.paris_year import DEMO, paris_year
from services.adapters.readstore import runner
from services.adapters.readstore.database import dump, open_engine
from services.adapters.readstore.reader import ReaderFailed, ReaderProcess
from services.adapters.readstore.runner import Projector
from services.adapters.readstore.source import LogSource, Stored, stored
from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.keys import LogKey, create_key
from services.config import Settings
from tests.projections.readers import mine, running_readers, still_running
from tests.projections.support import application
from tests.support.natsd import unique_stream
from tests.support.store import factory

PAGE = 200
SMALL = 20  # ~94 pages of the year: the reader cannot have sent them all by the first commit


@pytest.fixture
def leftovers() -> Iterator[set[int]]:
    """Reader processes a test saw: any still running after it are killed (a failed test
    leaves none behind)."""
    pids: set[int] = set()
    yield pids
    for pid in pids & running_readers():
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, leftovers: set[int]) -> list[int]:
    """Every catch-up is far behind; the pids of the reader processes started meanwhile
    (a spy: the real ReaderProcess starts them)."""
    monkeypatch.setattr(runner, "FAR_BEHIND", 1)
    pids: list[int] = []
    real = ReaderProcess.__init__

    def spy(self: ReaderProcess[Any], *args: Any, **kwargs: Any) -> None:
        before = mine()
        real(self, *args, **kwargs)
        pids.extend(mine() - before)
        leftovers.update(pids)

    monkeypatch.setattr(ReaderProcess, "__init__", spy)
    return pids


@pytest.fixture(scope="module")
def marked_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two years on a fresh stream, with a process application's tracking position first,
    tracking and a signed checkpoint between the years, and a checkpoint last."""
    env = unique_stream()
    home = tmp_path_factory.mktemp("marked")
    key = create_key(home / "log.key")
    app = application(env)
    try:
        with factory(env) as f:
            tracking = f.process_recorder()
            tracking.insert_tracking(Tracking("reminders", 1))
            paris_year(app, DEMO)
            tracking.insert_tracking(Tracking("reminders", 2))
            _checkpoint(env, home, key)
            paris_year(app, DEMO)
            _checkpoint(env, home, key)
    finally:
        app.close()
    return env


def _checkpoint(env: dict[str, str], home: Path, key: LogKey) -> None:
    settings = Settings.from_env({**env, "ASSEMBLY_HOME": str(home)})
    conn, js = open_stream(settings, lambda _: None)
    try:
        assert Checkpointer(js, key).checkpoint() is not None
    finally:
        conn.close()


@pytest.fixture
def marked(marked_env: dict[str, str]) -> Iterator[AssemblyRecord]:
    app = application(marked_env)
    yield app
    app.close()


def the_log(app: AssemblyRecord) -> list[Stored]:
    return [stored(n) for n in app.recorder.select_notifications(1, 100_000)]


def read_by_a_reader(app: AssemblyRecord, after: int) -> list[list[Stored]]:
    source = LogSource(app)
    reader = source.reader(source.order(after, PAGE))
    assert reader is not None
    try:
        return list(reader.pages())
    finally:
        reader.close()
        source.close()


def catch_up(
    engine: Engine,
    source: LogSource,
    batch: int = PAGE,
    before_commit: Callable[[Any], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    worker = Projector(engine, source, batch=batch, before_commit=before_commit)
    try:
        return worker.catch_up(stop=stop)
    finally:
        worker.close()


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("after", [0, 777])
def test_given_the_log_when_a_reader_process_reads_it_then_the_same_events_in_full_pages(
    app, started, after
) -> None:
    pages = read_by_a_reader(app, after)

    assert len(started) == 1
    assert [e for page in pages for e in page] == [e for e in the_log(app) if e.id > after]
    sizes = [len(page) for page in pages]
    assert sizes[:-1] == [PAGE] * (len(pages) - 1) and 0 < sizes[-1] <= PAGE


def test_given_tracking_and_checkpoints_in_the_log_when_a_reader_process_reads_it_then_only_events(
    marked, started
) -> None:
    log = the_log(marked)

    pages = read_by_a_reader(marked, 0)

    assert len(started) == 1
    stream = [m.seq for m in marked.recorder.js.read(1, None)]
    marks = sorted(set(stream) - {e.id for e in log})
    assert marks[0] == stream[0] and marks[-1] == stream[-1] and len(marks) == 4
    assert [e for page in pages for e in page] == log


def test_given_tracking_and_checkpoints_in_the_log_when_caught_up_through_a_reader_then_as_here(
    marked, started, tmp_path, caplog
) -> None:
    through_reader = open_engine(f"sqlite:///{tmp_path / 'reader.sqlite'}")
    here = open_engine(f"sqlite:///{tmp_path / 'here.sqlite'}")

    position = catch_up(through_reader, LogSource(marked))
    catch_up(here, LogSource(marked, processes=False))

    assert len(started) == 1 and warnings(caplog) == []
    assert position == the_log(marked)[-1].id
    assert dump(through_reader) == dump(here)


def test_given_a_far_behind_worker_when_it_catches_up_then_the_tables_equal_a_catch_up_here(
    app, dbs, started, caplog
) -> None:
    through_reader, here = dbs.engine(), dbs.engine()

    position = catch_up(through_reader, LogSource(app))
    catch_up(here, LogSource(app, processes=False))

    assert len(started) == 1 and warnings(caplog) == []
    assert position == the_log(app)[-1].id
    assert dump(through_reader) == dump(here)


def test_given_the_reader_process_killed_mid_catch_up_when_catching_up_then_read_on_here(
    app, dbs, started, caplog
) -> None:
    engine, clean = dbs.engine(), dbs.engine()
    killed: list[int] = []
    committed: list[int] = []

    def kill_the_reader(page: Any) -> None:
        committed.extend(e.id for e in page)
        if not killed:
            os.kill(started[0], signal.SIGKILL)
            killed.append(started[0])

    catch_up(engine, LogSource(app), SMALL, before_commit=kill_the_reader)
    catch_up(clean, LogSource(app, processes=False))

    assert killed == started
    assert any("the log reader stopped" in w for w in warnings(caplog)), warnings(caplog)
    assert committed == [e.id for e in the_log(app)]
    assert dump(engine) == dump(clean)


def test_given_a_reader_process_when_closed_after_its_first_page_then_it_exits(
    app, started
) -> None:
    source = LogSource(app)
    reader = source.reader(source.order(0, SMALL))
    assert reader is not None
    first = next(reader.pages())

    reader.close()
    source.close()

    assert len(first) == SMALL and len(started) == 1
    assert still_running(set(started), seconds=5) == set()


def test_given_a_catch_up_through_a_reader_when_stopped_after_one_batch_then_the_reader_exits(
    app, started, tmp_path
) -> None:
    stop = threading.Event()
    engine = open_engine(f"sqlite:///{tmp_path / 'read.sqlite'}")

    position = catch_up(engine, LogSource(app), SMALL, lambda _page: stop.set(), stop)

    assert len(started) == 1
    assert position < the_log(app)[-1].id
    assert still_running(set(started), seconds=5) == set()


def test_given_a_worker_killed_while_its_reader_reads_when_it_dies_then_the_reader_exits_too(
    app, year_env, dbs, started, leftovers, tmp_path
) -> None:
    url, options = dbs.url_and_options()
    schema = options.get("execution_options", {}).get("schema_translate_map", {}).get(None, "")
    args = ["tests.projections.killed_worker", url, schema, str(SMALL), "2", "far"]
    errors = tmp_path / "stderr"

    with errors.open("w") as stderr:  # a file: the reader inherits it, a pipe would be held open
        died = subprocess.run(
            [sys.executable, "-m", *args],
            env={**os.environ, **year_env},
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=120,
            check=False,
        )

    assert died.returncode == -signal.SIGKILL, errors.read_text()
    [said] = [line for line in died.stdout.splitlines() if line.startswith("readers")]
    orphans = {int(pid) for pid in said.split()[1:]}
    leftovers.update(orphans)
    assert len(orphans) == 1
    assert still_running(orphans) == set()
    later, clean = dbs.engine_on(url, options), dbs.engine()
    catch_up(later, LogSource(app))
    catch_up(clean, LogSource(app, processes=False))
    assert dump(later) == dump(clean)


def test_given_a_reader_whose_python_prints_at_start_when_caught_up_then_as_here(
    app, started, tmp_path, monkeypatch, caplog
) -> None:
    chatty = tmp_path / "site"
    chatty.mkdir()
    (chatty / "sitecustomize.py").write_text('print("site says hello")\n')
    monkeypatch.setenv("PYTHONPATH", f"{chatty}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    through_reader = open_engine(f"sqlite:///{tmp_path / 'reader.sqlite'}")
    here = open_engine(f"sqlite:///{tmp_path / 'here.sqlite'}")

    catch_up(through_reader, LogSource(app))
    catch_up(here, LogSource(app, processes=False))

    assert len(started) == 1 and warnings(caplog) == []
    assert dump(through_reader) == dump(here)


def test_given_pages_that_cannot_be_taken_when_read_then_the_reader_fails_not_hangs(
    app, started
) -> None:
    source = LogSource(app)

    def refuse(_sent: Any) -> Any:
        raise ValueError("not a page")

    reader = ReaderProcess(source.order(0, PAGE), refuse)
    try:
        with pytest.raises(ReaderFailed, match="not a page"):
            next(iter(reader.pages()))
    finally:
        reader.close()
        source.close()
