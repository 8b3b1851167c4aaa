"""The split-view attack: one log key signs two diverging logs of the same origin, each shown
to a different auditor. Without witnesses each auditor sees a valid, signed log and cannot
tell; with a witness the second history is refused (it does not extend the first one the
witness cosigned), so it never reaches the auditors' quorum, and the witness keeps the log
key's signature on it as evidence."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

from services.adapters.embedded import free_port, launch
from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.support.witnessd import WitnessProcess


@pytest.fixture
def second_server():
    """A second NATS server: the same stream name on both, two logs of one origin."""
    store = Path(tempfile.mkdtemp(prefix="assembly-test-nats-b-"))
    port = free_port()
    proc = launch(store, port, sync=None)
    yield f"nats://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(store, ignore_errors=True)


def _cli(capsys, *args: str) -> tuple[int, dict]:
    code = run(["--json", *args])
    out = capsys.readouterr().out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {})


def _log(capsys, monkeypatch, url: str, name: str, export: Path, witnesses: str) -> dict:
    """A log on ``url`` (one convening, its name ``name``), checkpointed, then exported."""
    monkeypatch.setenv("NATS_URL", url)
    convene = list(CONVENE)
    convene[convene.index("--name") + 1] = name
    assert _cli(capsys, *convene)[0] == 0
    code, done = _cli(capsys, "checkpoint", "--witnesses", witnesses)
    assert code == 0
    assert _cli(capsys, "log", "export", str(export))[0] == 0
    return done


def _verify(capsys, export: Path, state: Path, *pins: str) -> tuple[int, dict]:
    return _cli(capsys, "log", "verify-export", str(export), "--auditor-state", str(state), *pins)


def test_given_one_key_signing_two_logs_when_each_auditor_checks_then_witnesses_catch_it(
    stream_env, second_server, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "operator"))
    code, key = _cli(capsys, "keys", "init")
    assert code == 0
    witness = WitnessProcess(tmp_path / "witness", [key["vkey"]]).init().start()
    try:
        witnesses = f"{witness.url} {witness.vkey}"
        first, second = stream_env["NATS_URL"], second_server
        a = _log(capsys, monkeypatch, first, "Assemblée A", tmp_path / "a.jsonl", witnesses)
        b = _log(capsys, monkeypatch, second, "Assemblée B", tmp_path / "b.jsonl", witnesses)
    finally:
        witness.stop()

    # one origin, one key, two histories
    assert a["origin"] == b["origin"] and a["key_id"] == b["key_id"]
    assert a["root"] != b["root"]
    assert a["cosigned_by"] == ["witness.test/w1"]
    assert b["cosigned_by"] == [] and b["not_cosigned"]  # the witness refused the second
    # Without witnesses: each auditor, pinning the log key, sees a valid signed log.
    trust = ("--trust", key["vkey"])
    alone_a = _verify(capsys, tmp_path / "a.jsonl", tmp_path / "auditor-1", *trust)
    alone_b = _verify(capsys, tmp_path / "b.jsonl", tmp_path / "auditor-2", *trust)
    assert (alone_a[0], alone_b[0]) == (0, 0)
    assert alone_a[1]["root"] != alone_b[1]["root"]  # two "truths", neither auditor can tell
    # With the witness and a quorum of one: the first passes, the second is caught.
    quorum = (*trust, "--witness", witness.vkey, "--quorum", "1")
    seen_a = _verify(capsys, tmp_path / "a.jsonl", tmp_path / "auditor-3", *quorum)
    seen_b = _verify(capsys, tmp_path / "b.jsonl", tmp_path / "auditor-4", *quorum)
    assert seen_a[0] == 0
    assert seen_b[0] == 1
    assert [v["rule"] for v in seen_b[1]["violations"]] == ["witness-quorum"]
    # The witnesses' keys may stand in for the log key: they knew it when they cosigned.
    only = ("--witness", witness.vkey, "--quorum", "1")
    assert _verify(capsys, tmp_path / "a.jsonl", tmp_path / "auditor-5", *only)[0] == 0
    assert _verify(capsys, tmp_path / "b.jsonl", tmp_path / "auditor-6", *only)[0] == 1
    # and the witness holds the log key's signature on the history it refused
    db = sqlite3.connect(tmp_path / "witness" / "witness.sqlite")
    [(origin, note, reason)] = db.execute("SELECT origin, note, reason FROM evidence").fetchall()
    db.close()
    assert origin == b["origin"] and note.startswith(b["note"].split("\n\n")[0])
    assert "consistency proof" in reason or "another root" in reason
