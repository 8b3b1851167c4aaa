"""A log written across a nats-server restart (same application, same checkpointer) is intact."""

from __future__ import annotations

import subprocess

from commands.application import AssemblyRecord
from examples.paris_year import DEMO, paris_year
from services.adapters.embedded import free_port, launch
from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.checkpoints import origin_of, read_outside
from services.application.audit.keys import create_key
from services.application.audit.source import open_source
from services.application.audit.structural import structural_audit
from services.application.audit.trust import Trust
from tests.audit.conftest import MAPPER, settings_for


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def test_given_a_log_written_across_a_restart_when_audited_live_then_intact(tmp_path) -> None:
    port = free_port()
    proc = launch(tmp_path / "nats", port)
    env = {"NATS_URL": f"nats://127.0.0.1:{port}"}
    settings = settings_for(env, tmp_path)
    key = create_key(tmp_path / "log.key")
    out = tmp_path / "checkpoints.jsonl"
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    conn, js = open_stream(settings, lambda _: None)
    try:
        checkpointer = Checkpointer(js, key, out)
        paris_year(app, DEMO)
        assert checkpointer.checkpoint() is not None
        _stop(proc)
        proc = launch(tmp_path / "nats", port)
        paris_year(app, DEMO)
        assert checkpointer.checkpoint() is not None

        source = open_source(settings, None, lambda _: None)
        try:
            report = structural_audit(
                source,
                outside=read_outside(out),
                trust=Trust((key.verifier(origin_of(settings.stream)),)),
            )
        finally:
            source.close()
    finally:
        conn.close()
        app.close()
        _stop(proc)

    assert report.violations == []
    assert report.checkpoints == 2
    assert report.aggregates == 3  # two cohorts and the checkpoints' own record
