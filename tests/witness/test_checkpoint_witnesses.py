"""The checkpointer asks its witnesses; one that is down does not stop the checkpoint, and an
auditor asking for that witness's cosignature is told the quorum is missing."""

from __future__ import annotations

import json

from core.note import COSIGNATURE_V1, Signer
from services.adapters.embedded import free_port
from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.support.witnessd import WitnessProcess


def _cli(capsys, *args: str) -> tuple[int, dict, str]:
    code = run(["--json", *args])
    captured = capsys.readouterr()
    out = captured.out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {}), captured.err


def test_given_a_witness_down_when_checkpointing_then_recorded_without_it_and_no_quorum(
    stream_env, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    vkey = _cli(capsys, "keys", "init")[1]["vkey"]
    assert _cli(capsys, *CONVENE)[0] == 0
    absent = Signer.from_seed("witness.test/absent", b"\x04" * 32, COSIGNATURE_V1).verifier
    down = f"http://127.0.0.1:{free_port()} {absent.vkey}"

    code, done, err = _cli(capsys, "checkpoint", "--witnesses", down)
    assert _cli(capsys, "log", "export", str(tmp_path / "log.jsonl"))[0] == 0
    pins = ("--trust", vkey, "--witness", absent.vkey)
    verdict = _cli(capsys, "log", "verify-export", str(tmp_path / "log.jsonl"), *pins)

    assert code == 0 and done["recorded"] is True
    assert done["cosigned_by"] == [] and "did not answer" in done["not_cosigned"][0]
    assert "warning: no cosignature" in err
    assert verdict[0] == 1
    [violation] = verdict[1]["violations"]
    assert violation["rule"] == "witness-quorum"
    assert "0 (none)" in violation["found"]


def test_given_a_quorum_above_the_witnesses_when_verifying_then_bad_input(
    stream_env, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    w = Signer.from_seed("witness.test/w", b"\x06" * 32, COSIGNATURE_V1).verifier

    code = run(["audit", "verify", "--witness", w.vkey, "--quorum", "2"])

    assert code == 2
    assert "--quorum 2 needs at least 2 --witness keys (1 given)" in capsys.readouterr().err


def test_given_a_witness_added_after_the_last_checkpoint_when_nothing_new_then_it_is_asked(
    stream_env, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    vkey = _cli(capsys, "keys", "init")[1]["vkey"]
    assert _cli(capsys, *CONVENE)[0] == 0
    assert _cli(capsys, "checkpoint")[1]["recorded"] is True  # no witness configured yet
    witness = WitnessProcess(tmp_path / "witness", [vkey]).init().start()
    try:
        given = f"{witness.url} {witness.vkey}"

        code, done, _ = _cli(capsys, "checkpoint", "--witnesses", given)
        again = _cli(capsys, "checkpoint", "--witnesses", given)[1]
        assert _cli(capsys, "log", "export", str(tmp_path / "log.jsonl"))[0] == 0
        pins = ("--trust", vkey, "--witness", witness.vkey, "--auditor-state", str(tmp_path / "a"))
        verdict = _cli(capsys, "log", "verify-export", str(tmp_path / "log.jsonl"), *pins)
    finally:
        witness.stop()

    assert code == 0 and done["recorded"] is True
    assert done["cosigned_by"] == ["witness.test/w1"]
    assert again["recorded"] is False  # now cosigned as configured: nothing to do
    assert verdict[0] == 0, verdict[1]
