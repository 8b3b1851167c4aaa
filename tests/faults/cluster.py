"""The production cluster, on loopback: deploy/nats/n1-n3.conf as docker-compose.yml runs
them, with only ports and paths rewritten, and the credentials `assembly security config`
writes (routes to 127.0.0.1 instead of nats1-3)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from services.adapters.embedded import binary, free_port, port_open
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.security.natsconf import write_config
from services.config import NatsAuth

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nats"
NODES = ("n1", "n2", "n3")


def _swap(text: str, pattern: str, replacement: str) -> str:
    """Replace exactly one match: if deploy/nats/*.conf changes shape, say so here."""
    out, count = re.subn(pattern, replacement, text, flags=re.M)
    if count != 1:
        raise AssertionError(f"expected one {pattern!r} in the deploy config, found {count}")
    return out


def localize(text: str, *, port: int, http_port: int, route_port: int, store: Path) -> str:
    """The deploy config with loopback ports and a private store; nothing else changes."""
    text = _swap(text, r"^port: 4222$", f"host: 127.0.0.1\nport: {port}")
    text = _swap(text, r"^http_port: 8222$", f'http: "127.0.0.1:{http_port}"')
    text = _swap(text, r'^(\s*)store_dir: "/data/jetstream"$', rf'\1store_dir: "{store}"')
    return _swap(text, r"^(\s*)port: 6222$", rf"\1host: 127.0.0.1\n\1port: {route_port}")


@dataclass
class Node:
    name: str
    port: int
    http_port: int
    route_port: int
    conf: Path
    store: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self, within: float = 15.0) -> None:
        """`nats-server -c nN.conf`, as the compose file runs it; back once it listens."""
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [binary(), "-c", str(self.conf)], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + within
        while not port_open(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"{self.name} did not start; see {self.log}")
            time.sleep(0.02)

    def kill(self) -> None:
        """kill -9: no goodbye to the cluster, nothing flushed."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def healthy(self) -> bool:
        url = f"http://127.0.0.1:{self.http_port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                return bool(json.load(r).get("status") == "ok")
        except OSError:
            return False


@dataclass
class Cluster:
    folder: Path
    spec: StreamSpec
    nodes: dict[str, Node] = field(default_factory=dict)

    @classmethod
    def configure(
        cls, folder: Path, spec: StreamSpec, *, synced: bool = True, advertise: bool = False
    ) -> Cluster:
        """``synced=False``: without the configs' ``sync_interval: always`` (nats-server's lazy
        default), for the power failure test that shows what it loses. ``advertise=True``:
        without ``no_advertise: true``, as a deployment whose client addresses are reachable
        may run it (the servers then announce each other to their clients)."""
        cluster = cls(folder, spec)
        ports = {name: (free_port(), free_port(), free_port()) for name in NODES}
        routes = [f"127.0.0.1:{route}" for _, _, route in ports.values()]
        write_config(folder / "auth", spec, routes)  # included as auth/*.conf, as in deploy
        for name, (port, http_port, route_port) in ports.items():
            store = folder / name / "jetstream"
            conf = folder / f"{name}.conf"
            text = (DEPLOY / f"{name}.conf").read_text()
            if not synced:
                text = _swap(text, r"^\s*sync_interval: always$", "")
            if advertise:
                text = _swap(text, r"^\s*no_advertise: true$", "")
            conf.write_text(
                localize(text, port=port, http_port=http_port, route_port=route_port, store=store)
            )
            cluster.nodes[name] = Node(
                name, port, http_port, route_port, conf, store, folder / f"{name}.log"
            )
        return cluster

    def start(self, within: float = 60.0) -> None:
        for node in self.nodes.values():
            node.start()
        self.wait_healthy(within)

    def wait_healthy(self, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while not all(n.healthy() for n in self.nodes.values() if n.proc is not None):
            if time.monotonic() > deadline:
                raise AssertionError(f"the cluster was not healthy within {within:g} s")
            time.sleep(0.1)

    def stop(self) -> None:
        for node in self.nodes.values():
            with contextlib.suppress(Exception):
                node.kill()

    @property
    def url(self) -> str:
        return ",".join(f"nats://127.0.0.1:{n.port}" for n in self.nodes.values())

    def password(self, role: str) -> str:
        return (self.folder / "auth" / f"{role}.password").read_text().strip()

    def env(self, role: str) -> dict[str, str]:
        return {
            "NATS_URL": self.url,
            "ASSEMBLY_STREAM": self.spec.name,
            "ASSEMBLY_SUBJECT_PREFIX": self.spec.prefix,
            "ASSEMBLY_STREAM_REPLICAS": str(self.spec.replicas),
            "NATS_USER": role,
            "NATS_PASSWORD_FILE": str(self.folder / "auth" / f"{role}.password"),
        }

    def ops(self, url: str | None = None) -> JetStreamConnection:
        return JetStreamConnection(
            url or self.url, self.spec, timeout=2, auth=NatsAuth("ops", self.password("ops"))
        )

    def stream_info(self) -> object:
        """The stream's info (config, state, cluster), asked as ops of any live node."""
        live = ",".join(
            f"nats://127.0.0.1:{n.port}" for n in self.nodes.values() if n.proc is not None
        )
        conn = self.ops(live)
        try:
            return conn.run(conn.js.js.stream_info(self.spec.name))
        finally:
            conn.close()
