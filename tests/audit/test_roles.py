"""Under access control: the writer checkpoints (the only role that may append), the reader
may not, and the auditor exports and verifies with its read-only role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.checkpoints import read_outside
from services.application.audit.keys import create_key
from services.entrypoints.cli.main import run
from tests.cli.record import last_json
from tests.security.conftest import Secured, start_secured, stop


@pytest.fixture(scope="module")
def secured(tmp_path_factory) -> Iterator[Secured]:
    tag = uuid.uuid4().hex[:8]
    proc, server = start_secured(
        tmp_path_factory.mktemp("secured"), StreamSpec(f"AUD_{tag}", f"aud_{tag}")
    )
    try:
        yield server
    finally:
        stop(proc)


@pytest.fixture
def as_role(secured, monkeypatch, tmp_path):
    def use(role: str) -> None:
        for key, value in secured.env(role).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))
        monkeypatch.delenv("ASSEMBLY_LOG_KEY", raising=False)

    return use


def test_given_roles_when_each_checkpoints_or_audits_then_only_the_writer_appends(
    as_role, tmp_path, capsys
) -> None:
    key = create_key(tmp_path / "log.key")
    out = tmp_path / "checkpoints.jsonl"
    as_role("ops")
    assert run(["server", "init"]) == 0
    as_role("writer")
    assert (
        run(
            [
                "convene",
                "--name",
                "A",
                "--cohort",
                "2026",
                "--term-start",
                "2026-01-15",
                "--term-end",
                "2027-01-14",
                "--as",
                "clerk:greffe",
            ]
        )
        == 0
    )
    capsys.readouterr()

    as_role("reader")
    refused = run(["checkpoint", "--out", str(out)])
    refusal = capsys.readouterr().err
    as_role("writer")
    signed = run(["--json", "checkpoint", "--out", str(out)])
    checkpoint = last_json(capsys)
    as_role("auditor")
    exported = run(["log", "export", str(tmp_path / "log.jsonl")])
    exported_log = str(tmp_path / "log.jsonl")
    pin = ["--trust", key.vkey(checkpoint["origin"])]
    verified = run(["--json", "log", "verify-export", exported_log, "--checkpoint", str(out), *pin])
    verdict = last_json(capsys)

    assert refused == 2 and "does not allow" in refusal and "Traceback" not in refusal
    assert signed == 0 and checkpoint["recorded"] is True and checkpoint["tree_size"] == 1
    assert [c.note for c in read_outside(out)] == [checkpoint["note"]]
    assert exported == 0 and verified == 0, verdict
    assert verdict["records"] == 2 and verdict["checkpoints"] == 1
