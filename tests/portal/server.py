"""The portal under a real uvicorn, in a child process, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def portal(env: dict[str, str], workers: int = 1, log: Path | None = None) -> Iterator[str]:
    """``assembly portal serve``'s server over the read models ``env`` names; its base URL."""
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "--factory"]
    argv += ["services.entrypoints.portal.serve:app_from_env", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    argv += ["--no-access-log"]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(argv, env={**os.environ, **env}, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        _ready(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if log:
            out.close()  # type: ignore[union-attr]


def _ready(url: str, proc: subprocess.Popen[bytes], within: float = 30.0) -> None:
    """Until the server answers (or has died): polled, since it says nothing when ready."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the portal exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/assemblies", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"the portal did not answer at {url} within {within:g} s")
