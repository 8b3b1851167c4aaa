"""Sync before acknowledge: the embedded server and the deployment configs write every event to
disk before they acknowledge it, and `server status` names a server that does not, with the fix.
Asked of the real servers' monitoring endpoints (/varz), never taken from our own settings."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from services.adapters.embedded import EmbeddedServer, binary, free_port, launch, port_open
from services.entrypoints.cli.main import run

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nats"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("NATS_URL", raising=False)
    monkeypatch.delenv("NATS_MONITOR_URL", raising=False)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"
    EmbeddedServer(tmp_path / "home").stop()


def _varz(monitor: str) -> dict:
    with urllib.request.urlopen(monitor + "/varz", timeout=5) as answer:
        varz: dict = json.loads(answer.read())
    return varz


def _status(capsys) -> tuple[int, dict]:
    code = run(["--json", "server", "status"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.fixture
def lazy(tmp_path, monkeypatch):
    """A nats-server on its own default (no sync before acknowledging), as a user might run."""
    port, monitor = free_port(), free_port()
    proc = launch(tmp_path / "lazy", port, sync=None, monitor_port=monitor)
    monkeypatch.setenv("NATS_URL", f"nats://127.0.0.1:{port}")
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NATS_MONITOR_URL", raising=False)
    assert run(["server", "init"]) == 0
    yield f"http://127.0.0.1:{monitor}"
    proc.kill()
    proc.wait(timeout=10)


def test_given_the_embedded_server_when_asked_then_it_syncs_before_it_acknowledges(
    home, capsys
) -> None:
    assert run(["server", "init"]) == 0
    capsys.readouterr()
    state = EmbeddedServer(home).running()
    assert state is not None and state.monitor_url is not None

    assert _varz(state.monitor_url)["jetstream"]["config"]["sync_always"] is True
    code, status = _status(capsys)
    assert code == 0
    assert [d["syncs"] for d in status["durability"]] == [True]


def test_given_a_lazy_server_when_status_then_it_is_named_with_the_fix(
    lazy, monkeypatch, capsys
) -> None:
    assert _varz(lazy)["jetstream"]["config"].get("sync_always") is not True
    monkeypatch.setenv("NATS_MONITOR_URL", lazy)
    capsys.readouterr()

    code = run(["server", "status"])

    out = capsys.readouterr().out
    assert code == 0  # a warning: the record itself is intact
    warning = next(line for line in out.splitlines() if line.startswith("disk"))
    assert "WARNING" in warning
    assert lazy in warning
    assert "acknowledges writes before it syncs them" in warning
    assert "sync_interval: always" in warning


def test_given_no_monitoring_endpoint_when_status_then_it_says_it_cannot_tell_and_how_to(
    lazy, capsys
) -> None:
    capsys.readouterr()
    code, status = _status(capsys)

    assert code == 0
    assert [d["syncs"] for d in status["durability"]] == [None]
    assert "NATS_MONITOR_URL" in status["durability"][0]["detail"]


@pytest.mark.parametrize("node", ["n1", "n2", "n3"])
def test_given_the_deployment_config_when_a_node_runs_it_then_it_syncs(node, tmp_path) -> None:
    """The very file compose runs, rewritten only for ports, paths and the cluster (as the
    fault tests do): the server it configures reports sync_always."""
    text = (DEPLOY / f"{node}.conf").read_text()
    assert re.search(r"jetstream \{[^}]*\n\s*sync_interval: always\n", text)
    port, monitor = free_port(), free_port()
    text = re.sub(r"^port: \d+$", f"port: {port}", text, flags=re.M)
    text = re.sub(r"^http_port: \d+$", f"http: 127.0.0.1:{monitor}", text, flags=re.M)
    text = text.replace('"/data/jetstream"', json.dumps(str(tmp_path / "js")))
    text = re.sub(r"cluster \{.*?\n\}\n", "", text, flags=re.S)  # one node alone
    text = re.sub(r'^include "auth/users.conf"$', "", text, flags=re.M)
    conf = tmp_path / "node.conf"
    conf.write_text(text)
    proc = subprocess.Popen([binary(), "-c", str(conf)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not port_open(monitor) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _varz(f"http://127.0.0.1:{monitor}")["jetstream"]["config"]["sync_always"] is True
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_given_a_lazy_server_when_audited_then_the_audit_names_it_and_still_judges_the_record(
    lazy, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("NATS_MONITOR_URL", lazy)
    capsys.readouterr()

    code = run(["audit", "verify", "--trust-any"])

    out = capsys.readouterr().out.splitlines()
    assert code == 0  # the record (empty here) holds; the warning is about the next failure
    assert out[-1].endswith("everything holds")
    [warning] = [line for line in out if line.startswith("warning:")]
    assert lazy in warning and "sync_interval: always" in warning


def test_given_a_synced_server_when_audited_then_no_warning(home, capsys) -> None:
    assert run(["server", "init"]) == 0
    capsys.readouterr()

    code = run(["--json", "audit", "verify", "--trust-any"])

    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert [d["syncs"] for d in report["durability"]] == [True]
