"""The log's reader processes (``python -m services.adapters.readstore.reader``) as the system sees
them, found in /proc: no test looks inside ``ReaderProcess``."""

from __future__ import annotations

import os
import time
from pathlib import Path

READER = b"services.adapters.readstore.reader"


def running_readers(parent: int | None = None) -> set[int]:
    """Pids of the reader processes alive now (a zombie has no command line), of ``parent``
    only when given."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if READER not in (proc / "cmdline").read_bytes().split(b"\0"):
                continue
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent is None or ppid == parent:
            found.add(int(proc.name))
    return found


def still_running(pids: set[int], seconds: float = 10.0) -> set[int]:
    """Those of ``pids`` still running after up to ``seconds`` (polled, not slept through)."""
    deadline = time.monotonic() + seconds
    left = pids & running_readers()
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left &= running_readers()
    return left


def mine() -> set[int]:
    """The reader processes this process started."""
    return running_readers(os.getpid())
