"""A nats-server run with the configuration `assembly security config` writes.

One server per module, on a free loopback port with its own store; its stream is
created by the ops role, as deploy/README.md says to.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.security.natsconf import write_config
from services.entrypoints.cli.main import run

DURABLES = ("website",)  # the reader keeps these durable consumers, and no other


@dataclass(frozen=True)
class Secured:
    url: str
    spec: StreamSpec
    auth: Path  # the folder of users.conf and the <role>.password files

    def password(self, role: str) -> str:
        return (self.auth / f"{role}.password").read_text().strip()

    def env(self, role: str) -> dict[str, str]:
        """What a service running as ``role`` is given."""
        return {
            "NATS_URL": self.url,
            "ASSEMBLY_STREAM": self.spec.name,
            "ASSEMBLY_SUBJECT_PREFIX": self.spec.prefix,
            "NATS_USER": role,
            "NATS_PASSWORD_FILE": str(self.auth / f"{role}.password"),
        }


def start_secured(folder: Path, spec: StreamSpec) -> tuple[subprocess.Popen[bytes], Secured]:
    auth = folder / "auth"
    write_config(auth, spec, None, durables=DURABLES)  # one node: no routes
    conf = folder / "nats.conf"
    conf.write_text('include "auth/users.conf"\n')
    port = free_port()
    proc = launch(folder / "store", port, folder / "nats.log", include=conf)
    return proc, Secured(f"nats://127.0.0.1:{port}", spec, auth)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def secured(tmp_path_factory) -> Iterator[Secured]:
    tag = uuid.uuid4().hex[:8]
    spec = StreamSpec(f"SEC_{tag}", f"sec_{tag}")
    proc, server = start_secured(tmp_path_factory.mktemp("secured"), spec)
    try:
        yield server
    finally:
        stop(proc)


@pytest.fixture
def as_role(secured, monkeypatch, tmp_path):
    """Run the CLI as one role: its environment, as docker-compose.yml gives it."""

    def use(role: str) -> None:
        for key, value in secured.env(role).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
        for key in ("ASSEMBLY_ID", "ASSEMBLY_ACTOR", "NATS_PASSWORD", "NATS_CREDS"):
            monkeypatch.delenv(key, raising=False)

    return use


@pytest.fixture
def stream_ready(secured, as_role, capsys) -> Secured:
    """The stream exists: ops created it (`assembly server init`)."""
    as_role("ops")
    assert run(["--json", "server", "init"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return secured
