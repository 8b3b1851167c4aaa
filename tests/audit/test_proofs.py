"""A proof for one fact: `audit prove` prints the event and its inclusion proof, `audit
check-proof` checks it offline against the pinned key; `audit trail --prove` proves every
link of a recommendation's trail."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from core.note import Signer
from examples.paris_year import DEMO, paris_year
from services.application.audit.checkpoints import origin_of
from services.application.audit.keys import create_key
from services.entrypoints.cli.main import run
from tests.audit.conftest import MAPPER, checkpoint, export, settings_for
from tests.audit.tamper import Export, data, header
from tests.support.natsd import unique_stream


@pytest.fixture(autouse=True)
def no_pin(monkeypatch):
    monkeypatch.delenv("ASSEMBLY_TRUST", raising=False)


def proved(capsys, honest, target: str) -> dict:
    code = run(["audit", "prove", target, "--log", str(honest.export)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def checked(capsys, path, *args: str) -> tuple[int, dict]:
    code = run(["--json", "audit", "check-proof", str(path), *args])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_a_covered_event_when_proved_then_the_proof_checks_offline(honest, capsys, tmp_path):
    proof = proved(capsys, honest, "100")
    path = tmp_path / "fact.json"
    path.write_text(json.dumps(proof))

    code, verdict = checked(capsys, path, "--trust", honest.vkey)
    run(["audit", "check-proof", str(path), "--trust", honest.vkey])
    text = capsys.readouterr().out

    assert code == 0 and verdict["ok"] is True
    assert proof["seq"] == 100 and proof["tree_size"] == honest.tree_size
    assert proof["checkpoint"].startswith(f"assembly-record/{honest.settings.stream}\n")
    assert proof["cosignatures"] == []
    assert verdict["proofs"][0]["event"]["payload"] == json.loads(base64.b64decode(proof["data"]))
    assert "message #100" in text and "is in the log" in text


def test_given_a_record_and_version_when_proved_then_that_event(honest, capsys):
    first = Export(honest.export).records[0]
    record, version = header(first, "Assembly-Id"), header(first, "Assembly-Version")

    proof = proved(capsys, honest, f"{record}@{version}")

    assert proof["seq"] == first["seq"] and base64.b64decode(proof["data"]) == data(first)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda p: {**p, "data": base64.b64encode(b'{"forged":true}').decode()}, "leaf hash"),
        (lambda p: {**p, "seq": p["seq"] + 1}, "leaf hash"),
        (lambda p: {**p, "inclusion": [p["inclusion"][1], *p["inclusion"][1:]]}, "inclusion"),
        (lambda p: {**p, "tree_size": p["tree_size"] - 1}, "tree size and root"),
    ],
)
def test_given_a_proof_changed_when_checked_then_it_fails_naming_what(
    honest, capsys, tmp_path, change, named
):
    path = tmp_path / "fact.json"
    path.write_text(json.dumps(change(proved(capsys, honest, "100"))))

    code, verdict = checked(capsys, path, "--trust", honest.vkey)

    assert code == 1 and any(named in p for p in verdict["proofs"][0]["problems"])


def test_given_a_proof_when_checked_against_another_key_or_none_then_refused(
    honest, capsys, tmp_path
):
    path = tmp_path / "fact.json"
    path.write_text(json.dumps(proved(capsys, honest, "100")))
    stranger = Signer.from_seed(f"assembly-record/{honest.settings.stream}", bytes(32))

    code, verdict = checked(capsys, path, "--trust", stranger.verifier.vkey)
    unpinned = run(["audit", "check-proof", str(path)])
    err = capsys.readouterr().err

    assert code == 1 and "not vouched for by a pinned key" in verdict["proofs"][0]["problems"][0]
    assert unpinned == 2 and "--trust VKEY" in err


def test_given_an_event_after_the_last_checkpoint_when_proved_then_refused_saying_why(
    honest, capsys
):
    code = run(["audit", "prove", str(honest.tree_size + 5), "--log", str(honest.export)])

    err = capsys.readouterr().err
    assert code == 2
    assert f"no checkpoint covers message #{honest.tree_size + 5} yet" in err


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> tuple[Path, str, str]:
    """A year drawn by lot, checkpointed, exported: (export, vkey, a submitted recommendation)."""
    folder = tmp_path_factory.mktemp("drawn-proved")
    env = unique_stream()
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    try:
        story = paris_year(app, DEMO, pool_size=600, algorithm="maximin")
        state = app.assembly(story.assembly_id)
    finally:
        app.close()
    rec = next(r for r in state.recommendations.values() if r.status.value == "submitted")
    settings = settings_for(env, folder)
    key = create_key(folder / "log.key")
    checkpoint(settings, key, folder / "checkpoints.txt")
    path = folder / "log.jsonl"
    export(settings, path)
    return path, key.vkey(origin_of(settings.stream)), str(rec.id)


def test_given_a_recommendation_when_traced_with_proofs_then_every_link_checks_offline(
    drawn, capsys, tmp_path
):
    log, vkey, recommendation = drawn

    code = run(
        ["--json", "audit", "trail", recommendation, "--log", str(log), "--trust", vkey, "--prove"]
    )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    path = tmp_path / "trail.json"
    path.write_text(json.dumps(result))
    checked_code, verdict = checked(capsys, path, "--trust", vkey)

    assert code == 0 and result["ok"], result["violations"]
    seqs = {p["seq"] for p in result["proofs"]}
    trail = result["trail"]
    assert {trail["adopted"]["seq"], trail["panel_arrived"]["seq"]} <= seqs
    assert {v["seated_at"] for v in trail["voters"]} <= seqs
    assert {link["seq"] for link in trail["draw_links"]} <= seqs
    assert checked_code == 0 and len(verdict["proofs"]) == len(seqs)
