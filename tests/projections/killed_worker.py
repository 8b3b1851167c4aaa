"""A worker process that kills itself (SIGKILL) in the middle of its k-th batch: rows written,
position written, transaction not committed. ``python -m tests.projections.killed_worker``
with the stream in the environment and: database URL, schema ('' for none), batch size, k
(0: never; catch up and exit), and ``far`` to have a child process read the log (the pids
of the running readers are then printed on a ``readers`` line before it dies)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

from eventsourcing.persistence import Notification

from services.adapters.readstore import runner
from services.adapters.readstore.database import open_engine
from tests.projections.readers import mine
from tests.projections.support import application, projector


def main(url: str, schema: str, batch: int, kill_at: int, far: bool = False) -> None:
    if far:  # far behind the head: a child process reads the log
        runner.FAR_BEHIND = 1
    options = {"execution_options": {"schema_translate_map": {None: schema}}} if schema else {}
    engine = open_engine(url, **options)
    app = application(dict(os.environ))
    batches = 0

    def die_mid_batch(_page: Sequence[Notification]) -> None:
        nonlocal batches
        batches += 1
        if batches == kill_at:
            if far:
                print("readers", *sorted(mine()), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    worker = projector(engine, app, batch=batch, before_commit=die_mid_batch)
    print(worker.position, flush=True)
    worker.catch_up()
    print(worker.position, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:] == ["far"])
