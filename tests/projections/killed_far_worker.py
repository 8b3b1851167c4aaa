"""A worker far behind the head (``FAR_BEHIND`` lowered to 1: a child process reads the log)
that kills itself (SIGKILL) in the middle of its k-th batch, first printing the pids of its
running log readers. ``python -m tests.projections.killed_far_worker`` with the stream in the
environment and: database URL, schema ('' for none), batch size, k."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from services.projections import runner
from services.projections.database import open_engine
from tests.projections.readers import mine
from tests.projections.support import application, projector


def main(url: str, schema: str, batch: int, kill_at: int) -> None:
    runner.FAR_BEHIND = 1
    options = {"execution_options": {"schema_translate_map": {None: schema}}} if schema else {}
    engine = open_engine(url, **options)
    app = application(dict(os.environ))
    batches = 0

    def die_mid_batch(_page: Sequence[Any]) -> None:
        nonlocal batches
        batches += 1
        if batches == kill_at:
            print(*sorted(mine()), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    projector(engine, app, batch=batch, before_commit=die_mid_batch).catch_up()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
