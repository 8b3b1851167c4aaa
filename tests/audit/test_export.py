"""The export: exactly what is stored, read back the same; checked on its own by the CLI."""

from __future__ import annotations

import json

import pytest

from core import merkle
from core.note import Signer
from services.application.audit.export import ExportFile
from services.application.audit.integrity import LogIntegrity
from services.application.audit.leaf import stored_headers
from services.application.audit.source import open_source
from services.entrypoints.cli.main import run
from tests.cli.record import last_json


@pytest.fixture
def cli_home(honest, monkeypatch):
    for key, value in honest.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASSEMBLY_HOME", str(honest.settings.home))
    return honest


def test_given_a_log_when_exported_then_read_back_byte_for_byte(honest) -> None:
    live = open_source(honest.settings, None, lambda _: None)
    try:
        stored = [(m.seq, m.subject, stored_headers(m.headers), m.data) for m in live.records()]
        config = live.config
    finally:
        live.close()

    exported = ExportFile(honest.export)
    try:
        read = [(m.seq, m.subject, stored_headers(m.headers), m.data) for m in exported.records()]
    finally:
        exported.close()

    assert read == stored
    assert exported.config == config
    assert exported.trailer is not None and exported.trailer.records == len(stored)


def test_given_an_export_when_verified_by_the_cli_then_intact(cli_home, tmp_path, capsys):
    path = tmp_path / "log.jsonl"
    assert run(["--json", "log", "export", str(path)]) == 0
    exported = last_json(capsys)

    code = run(
        [
            "--json",
            "log",
            "verify-export",
            str(path),
            "--checkpoint",
            str(cli_home.checkpoints),
            "--trust",
            cli_home.vkey,
        ]
    )

    verdict = last_json(capsys)
    assert code == 0, verdict
    assert verdict["ok"] is True and verdict["violations"] == []
    assert verdict["root"] == exported["root"]
    assert verdict["checkpoints"] == 1


def test_given_an_export_cut_short_when_verified_then_its_trailer_is_missing(
    honest, copy, capsys
) -> None:
    lines = copy.read_text().splitlines()
    copy.write_text("\n".join(lines[:-100]) + "\n")

    code = run(["--json", "log", "verify-export", str(copy), "--trust", honest.vkey])

    verdict = last_json(capsys)
    assert code == 1
    assert "export-trailer" in {v["rule"] for v in verdict["violations"]}


def test_given_checkpoints_from_another_key_when_trusting_ours_then_named(honest, capsys):
    code = run(
        [
            "--json",
            "log",
            "verify-export",
            str(honest.export),
            "--checkpoint",
            str(honest.checkpoints),
            "--trust",
            Signer.from_seed(f"assembly-record/{honest.settings.stream}", bytes(32)).verifier.vkey,
        ]
    )

    rules = {v["rule"] for v in last_json(capsys)["violations"]}
    assert code == 1
    assert {"checkpoint-key", "outside-checkpoint-key"} <= rules


def test_given_a_file_that_is_no_export_when_verified_then_bad_input(tmp_path, capsys):
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"hello": "world"}) + "\n")

    code = run(["log", "verify-export", str(path), "--trust-any"])

    err = capsys.readouterr().err
    assert code == 2
    assert "is not a log export" in err and "assembly log export" in err


def test_given_an_audited_export_when_asking_what_covers_a_message_then_a_proof_that_verifies(
    honest,
) -> None:
    source = ExportFile(honest.export)
    checker = LogIntegrity(source.spec)
    try:
        for m in source.records():
            checker.feed(m)
    finally:
        source.close()

    covered = checker.covering(100)
    late = checker.covering(honest.tree_size + 5)

    assert covered is not None and late is None
    assert merkle.verify_inclusion(
        bytes.fromhex(covered.leaf_hash),
        99,
        covered.tree_size,
        [bytes.fromhex(h) for h in covered.proof],
        bytes.fromhex(covered.root),
    )
