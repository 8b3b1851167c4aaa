"""The embedded default: started once, reused, stopped; never when NATS_URL is set."""

from __future__ import annotations

import json
import multiprocessing
import stat

import pytest

from services.adapters import embedded
from services.adapters.embedded import EmbeddedServer, EmbeddedServerError
from services.entrypoints.cli.main import run


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("NATS_URL", raising=False)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"
    EmbeddedServer(tmp_path / "home").stop()


def _out(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_no_server_when_started_twice_then_the_second_reuses_the_first(home, capsys) -> None:
    assert run(["--json", "server", "start"]) == 0
    first = _out(capsys)
    assert run(["--json", "server", "start"]) == 0
    second = _out(capsys)

    assert first["started"] is True
    assert second["started"] is False
    assert second["pid"] == first["pid"]
    assert first["url"] != "nats://127.0.0.1:4222"
    assert str(home) in first["store_dir"]


def test_given_a_running_server_when_stopped_then_status_cannot_reach_it(home, capsys) -> None:
    run(["server", "start"])
    state = EmbeddedServer(home).running()

    assert run(["--json", "server", "stop"]) == 0

    assert _out(capsys)["stopped"] is True
    assert not embedded.port_open(state.port)


def test_given_a_command_with_no_server_when_run_then_it_starts_one_and_says_where(
    home, capsys
) -> None:
    code = run(["--json", "server", "init"])

    captured = capsys.readouterr()
    assert code == 0
    assert "started embedded nats-server" in captured.err
    assert str(home) in captured.err
    assert json.loads(captured.out)["stream"] == "ASSEMBLY"


def test_given_nats_url_when_server_start_then_refused_and_nothing_started(
    home, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("NATS_URL", "nats://127.0.0.1:1")

    code = run(["server", "start"])

    assert code == 2
    assert "NATS_URL is set" in capsys.readouterr().err
    assert not (home / "server.json").exists()


def test_given_a_server_binary_too_old_for_atomic_batches_when_launched_then_refused(
    tmp_path, monkeypatch
) -> None:
    old = tmp_path / "nats-server"
    old.write_text("#!/bin/sh\necho 'nats-server: v2.9.10'\n")
    old.chmod(old.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(embedded, "binary", lambda: str(old))

    with pytest.raises(EmbeddedServerError, match=r"2\.9\.10.*2\.12\.0 or newer"):
        embedded.launch(tmp_path / "store", embedded.free_port())


def _ensure_after(barrier, home, results) -> None:
    barrier.wait()
    state, _ = EmbeddedServer(home).ensure()
    results.put(state.pid)


def test_given_commands_starting_at_once_when_each_ensures_a_server_then_only_one_runs(
    tmp_path,
) -> None:
    ctx = multiprocessing.get_context("fork")
    home = tmp_path / "home"
    barrier, results = ctx.Barrier(4), ctx.Queue()
    workers = [ctx.Process(target=_ensure_after, args=(barrier, home, results)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    try:
        pids = {results.get(timeout=5) for _ in workers}

        assert len(pids) == 1
        assert EmbeddedServer(home).running().pid in pids
    finally:
        EmbeddedServer(home).stop()
