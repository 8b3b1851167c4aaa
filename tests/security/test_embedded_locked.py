"""The embedded server runs with the production roles: secrets generated at its first start,
owner-only; no anonymous client may touch it; each command connects as its role."""

from __future__ import annotations

import asyncio
import json
import stat
import urllib.request
from pathlib import Path

import nats
import nats.errors
import pytest

from services.adapters.embedded import EmbeddedServer, free_port, launch
from services.adapters.eventstore.stream import StreamSpec
from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.security.raw import connect
from tests.support.pinned import checkpointed_by_cli


@pytest.fixture
def home(tmp_path, monkeypatch):
    for key in ("NATS_URL", "NATS_USER", "NATS_PASSWORD", "NATS_PASSWORD_FILE", "NATS_CREDS"):
        monkeypatch.delenv(key, raising=False)
    for key in ("ASSEMBLY_STREAM", "ASSEMBLY_SUBJECT_PREFIX", "ASSEMBLY_ID", "ASSEMBLY_ACTOR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"
    EmbeddedServer(tmp_path / "home").stop()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_given_a_first_start_when_the_secrets_are_made_then_they_are_owner_only(
    home, capsys
) -> None:
    assert run(["server", "start"]) == 0

    auth = home / "auth"
    assert mode(auth) == 0o700
    assert {p.name for p in auth.iterdir()} == {
        "users.conf",
        *(f"{r}.password" for r in ("writer", "reader", "auditor", "ops")),
    }
    assert all(mode(p) == 0o600 for p in auth.iterdir())
    assert 'include "auth/users.conf"' in (home / "nats.conf").read_text()


def test_given_the_embedded_server_when_an_anonymous_client_connects_then_refused(
    home, capsys
) -> None:
    """What an anonymous local client did on the landed main: set max_msgs and allow_msg_ttl."""
    assert run(["--json", "server", "init"]) == 0
    url = EmbeddedServer(home).running().url
    spec = StreamSpec()
    weakened = {**json.loads(json.dumps(spec.config().as_dict())), "max_msgs": 1}
    weakened["allow_msg_ttl"] = True

    async def attempt() -> str:
        try:
            raw = await connect(url, None)
        except nats.errors.Error as e:
            return str(e)
        await raw.ask(f"$JS.API.STREAM.UPDATE.{spec.name}", weakened)
        await raw.close()
        return "connected"

    assert "authorization violation" in asyncio.run(attempt()).lower()
    capsys.readouterr()
    assert run(["--json", "server", "status"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def closed_connections(monitor_url: str) -> dict[str, set[str]]:
    """Each client name the embedded server saw, with the users it connected as."""
    with urllib.request.urlopen(f"{monitor_url}/connz?state=closed&auth=true&limit=1000") as r:
        connz = json.loads(r.read())
    seen: dict[str, set[str]] = {}
    for c in connz["connections"]:
        if not c.get("name") and not c.get("in_msgs"):
            continue  # the start's probe of the port: a socket opened and closed, no client
        seen.setdefault(c.get("name", ""), set()).add(c.get("authorized_user", ""))
    return seen


def test_given_the_embedded_server_when_commands_run_then_each_connects_as_its_role(
    home, tmp_path, capsys, monkeypatch
) -> None:
    assert run(["--json", *CONVENE]) == 0  # the writer records
    assert run(["--json", "subscribe", "--until-caught-up"]) == 0  # the reader's consumers
    checkpointed_by_cli(capsys, monkeypatch)  # the writer signs, the auditor pins
    assert run(["audit", "verify"]) == 0  # the auditor
    assert run(["--json", "server", "init"]) == 0  # ops
    assert run(["--json", "log", "show"]) == 0  # the reader
    capsys.readouterr()

    seen = closed_connections(EmbeddedServer(home).running().monitor_url)

    users = set().union(*seen.values())
    assert {"writer", "reader", "auditor", "ops"} <= users
    assert "" not in users  # nobody anonymous, not even the project itself
    assert seen["assembly-subscribe"] == {"reader"}


def test_given_a_data_folder_from_before_the_roles_when_a_command_runs_then_it_locks_and_works(
    home, capsys
) -> None:
    """An embedded store made by the landed main (no roles, no secrets): the next start
    makes them, and the events already recorded are all there."""
    home.mkdir(parents=True)
    port = free_port()
    proc = launch(home / "nats", port)  # as before: no users
    try:

        async def record() -> None:
            nc = await nats.connect(f"nats://127.0.0.1:{port}")
            js = nc.jetstream()
            await js.add_stream(StreamSpec().config())
            await js.add_stream(StreamSpec().snapshots().config())
            await nc.close()

        asyncio.run(record())
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not (home / "auth").exists()

    assert run(["--json", *CONVENE]) == 0
    assert run(["--json", "log", "show"]) == 0

    out = capsys.readouterr()
    assert "started embedded nats-server" in out.err
    assert (home / "auth" / "writer.password").exists()
    assert '"assembly.assembly_convened.v2"' in out.out or "assembly_convened" in out.out


def test_given_a_durable_not_given_when_subscribing_then_refused_until_it_is_given(
    home, monkeypatch, capsys
) -> None:
    """The embedded reader keeps only the durables ASSEMBLY_DURABLES names; naming one more
    on a running server gives it to the reader (a reload), without a restart."""
    assert run(["--json", *CONVENE]) == 0
    pid = EmbeddedServer(home).running().pid
    tail = ["--json", "subscribe", "--durable", "website", "--until-caught-up"]
    monkeypatch.setenv("NATS_TIMEOUT", "1")

    refused = run(tail)
    monkeypatch.setenv("ASSEMBLY_DURABLES", "website")
    capsys.readouterr()
    given = run(tail)

    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"position"' in x]
    assert (refused, given) == (2, 0)
    assert [x["type"] for x in lines] == ["assembly.assembly_convened.v2"]
    assert EmbeddedServer(home).running().pid == pid
    assert "website" in (home / "auth" / "users.conf").read_text()


def test_given_a_server_running_without_roles_when_a_command_uses_it_then_it_is_told_to_lock_it(
    home, capsys
) -> None:
    """A server an older version started (no roles) keeps serving, and every command says
    how to lock it."""
    home.mkdir(parents=True)
    port, monitor = free_port(), free_port()
    proc = launch(home / "nats", port, monitor_port=monitor)
    try:
        state = {"pid": proc.pid, "port": port, "store_dir": str(home / "nats")}
        state |= {"version": "2.12.1", "log_file": str(home / "nats-server.log")}
        (home / "server.json").write_text(json.dumps(state))

        code = run(["--json", "server", "init"])

        err = capsys.readouterr().err
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert code == 0
    assert "started without roles" in err and "`assembly server stop` and run again" in err


def test_given_a_server_for_another_stream_when_a_command_runs_then_told_to_stop_it(
    home, monkeypatch, capsys
) -> None:
    assert run(["server", "start"]) == 0
    monkeypatch.setenv("ASSEMBLY_STREAM", "OTHER")
    capsys.readouterr()

    code = run(["log", "show"])

    err = capsys.readouterr().err
    assert code == 2
    assert "serves stream ASSEMBLY, not OTHER: `assembly server stop`" in err
