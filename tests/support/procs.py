"""Pausing a nats-server for a fault test, and knowing it is paused."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def pause(pid: int, within: float = 5.0) -> None:
    """SIGSTOP, then wait until the kernel shows the process stopped: the signal is
    delivered asynchronously, and a server still running on the other core would
    answer one more request."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + within
    while Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "T":
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} did not stop within {within:g} s")
        time.sleep(0.001)


def resume(pid: int) -> None:
    os.kill(pid, signal.SIGCONT)
