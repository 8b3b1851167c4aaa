"""A private nats-server for one bench run: its own free port and temporary store."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from services.adapters.embedded import SAFE_SYNC, binary, binary_version, free_port, launch


class PrivateServer:
    """Starts nats-server with JetStream on loopback; stops it and removes its store."""

    def __init__(self, sync: str | None = SAFE_SYNC) -> None:
        """``sync``: the jetstream block's sync_interval ("always", as deployed; None for
        nats-server's lazy default, to show what syncing costs)."""
        self.sync = sync
        self.store = Path(tempfile.mkdtemp(prefix="assembly-bench-nats-"))
        self.port = free_port()
        self.version = ".".join(map(str, binary_version(binary())))
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> PrivateServer:
        try:
            self._proc = launch(self.store, self.port, sync=self.sync)
        except BaseException:
            shutil.rmtree(self.store, ignore_errors=True)
            raise
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        shutil.rmtree(self.store, ignore_errors=True)

    def __enter__(self) -> PrivateServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
